/**
 * Issue #10 item 24: test mode never leaks into the real world. An org has real vendors (Vapi, Twilio,
 * Google Calendar, ElevenLabs: each the vendor's fake, pointed at by the org's own integrations); a
 * `vox_test_` key then books, holds, texts, calls, runs a campaign, hears a voice preview and runs a test
 * call that books, and none of the fakes hears of it. Everything the test key created carries
 * `livemode: false` and lives apart from live data (as in Stripe): lists of one mode never show the
 * other's objects, and reading another mode's object by id answers 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeVapi, type FakeVapi } from '@voxanne/connector-vapi/testing';
import { startFakeTwilio, type FakeTwilio } from '@voxanne/connector-twilio/testing';
import { startFakeGoogle, type FakeGoogle } from '@voxanne/connector-google-calendar/testing';
import { startFakeElevenLabs, type FakeElevenLabs } from '@voxanne/connector-elevenlabs/testing';
import { call, type Credentials, type TestServer } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { agentBody, publishAndWait, until, WEBHOOK_SECRET } from './voice.helpers.ts';
import { createClinic, eventually, futureSlot, startSchedulingServer, zoneAtLocalHour, type Clinic } from './scheduling-support.ts';
import { patientNumber, quietHoursAway } from './outbound-support.ts';

let server: TestServer;
let vapi: FakeVapi;
let twilio: FakeTwilio;
let google: FakeGoogle;
let eleven: FakeElevenLabs;
let clinic: Clinic;
let live: Credentials;
let test: Credentials;
let outboundAgentId: string;
let inboundAgentId: string;
const OUR_NUMBER = '+15005550006';

beforeAll(async () => {
  [vapi, twilio, google, eleven] = await Promise.all([
    startFakeVapi({ apiKey: 'vapi-key-test-mode-01' }),
    startFakeTwilio({ numbers: [OUR_NUMBER] }),
    startFakeGoogle(),
    startFakeElevenLabs({ apiKey: 'xi-key-test-mode-01' }),
  ]);
  server = await startSchedulingServer({
    env: {
      VAPI_BASE_URL: vapi.url,
      TWILIO_BASE_URL: twilio.url,
      ELEVENLABS_BASE_URL: eleven.url,
      VOICE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_AUTH_BASE_URL: `${google.url}/o/oauth2/v2/auth`,
      GOOGLE_TOKEN_URL: `${google.url}/token`,
      GOOGLE_API_ROOT_URL: `${google.url}/`,
      GOOGLE_CALENDAR_PUSH: 'false',
      RATE_LIMIT_PER_IP: '100000',
      RATE_LIMIT_PER_KEY: '100000',
    },
  });
  // Midday in the clinic's zone, so confirmations are not held back by SMS quiet hours.
  clinic = await createClinic(server.url, { timezone: zoneAtLocalHour(12), calendarId: google.email });
  live = clinic.creds;
  const key = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'ci', scopes: ['read', 'write'], mode: 'test' }, creds: live });
  test = { apiKey: key.body.secret };

  // The org's real vendors, all stored with the live key.
  for (const [provider, body] of [
    ['vapi', { api_key: vapi.apiKey }],
    ['twilio', { account_sid: twilio.accountSid, auth_token: twilio.authToken }],
    ['elevenlabs', { api_key: eleven.apiKey }],
  ] as const) {
    const put = await call(server.url, 'PUT', `/v1/integrations/${provider}`, { body, creds: live });
    expect([200, 201], `${provider}: ${JSON.stringify(put.body)}`).toContain(put.status);
  }
  await connectGoogle();

  const voice = { provider: 'elevenlabs', voice_id: 'EXAVITQu4vr4xnSDxMaL' };
  const tools = [{ type: 'check_availability' }, { type: 'book_appointment' }, { type: 'send_sms' }];
  const outbound = await call(server.url, 'POST', '/v1/agents', { body: agentBody({ kind: 'outbound', name: 'Recall', voice, tools }), creds: live });
  outboundAgentId = outbound.body.id;
  expect(await publishAndWait(server.url, live.apiKey!, outboundAgentId)).toMatchObject({ voice_connector: 'vapi' });
  const number = await call(server.url, 'POST', '/v1/phone-numbers', { body: { source: 'provider', area_code: '415', agent_id: outboundAgentId }, creds: live });
  expect(number.status, JSON.stringify(number.body)).toBe(201);
  const inbound = await call(server.url, 'POST', '/v1/agents', { body: agentBody({ name: 'Front desk', voice, tools }), creds: live });
  inboundAgentId = inbound.body.id;
  await quietHoursAway(server, { tenant: clinic.tenant, key: { apiKey: live.apiKey! }, agentId: outboundAgentId, phoneNumberId: number.body.id });
});

afterAll(async () => {
  await server?.close();
  await Promise.all([vapi?.close(), twilio?.close(), google?.close(), eleven?.close()]);
});

async function connectGoogle(): Promise<void> {
  // The consent flow is the admin's browser: started with its session, and Google sends that browser back.
  const session = clinic.tenant.session;
  const start = await call(server.url, 'POST', '/v1/calendar/google/connect', { creds: session });
  const url = new URL(start.body.authorize_url);
  const redirectUri = url.searchParams.get('redirect_uri')!;
  const cb = await fetch(`${redirectUri}?code=${encodeURIComponent(google.issueCode(redirectUri))}&state=${encodeURIComponent(url.searchParams.get('state')!)}`, {
    redirect: 'manual',
    headers: { cookie: session.cookie! },
  });
  expect(cb.status).toBe(302);
}

const as = (creds: Credentials) => (method: string, path: string, body?: unknown) => call(server.url, method, path, { body, creds });
const liveApi = (method: string, path: string, body?: unknown) => as(live)(method, path, body);
const testApi = (method: string, path: string, body?: unknown) => as(test)(method, path, body);

/** Requests each fake has received so far; Google's calendar writes only (reads of busy time are the real calendar's mirror). */
function vendorTraffic() {
  const calendarWrites = google.http.requests.filter((r) => r.method !== 'GET' && /\/events/.test(r.path) && !/\/events\/watch/.test(r.path));
  return { vapi: vapi.http.requests.length, twilio: twilio.http.requests.length, elevenlabs: eleven.http.requests.length, googleEventWrites: calendarWrites.length };
}

const TEST_CALLER = '+15555550177';
/** The ids each mode created, for the list and cross-mode checks. */
const made = { test: {} as Record<string, string>, live: {} as Record<string, string> };

describe('a test key reaches no real vendor', () => {
  let before: ReturnType<typeof vendorTraffic>;

  beforeAll(() => {
    before = vendorTraffic();
  });

  it('books with a confirmation text that goes to the local outbox, and writes no calendar event', async () => {
    const booking = await testApi('POST', '/v1/bookings', { service_id: clinic.serviceId, starts_at: futureSlot(4, 15), patient: { name: 'Test Patient', phone: '+15557000101' } });
    expect(booking.status, JSON.stringify(booking.body)).toBe(201);
    expect(booking.body).toMatchObject({ livemode: false, status: 'confirmed', calendar_sync_status: 'not_applicable' });
    made.test.booking = booking.body.id;
    const text = await eventually(async () => {
      const list = await testApi('GET', `/v1/sms/messages?booking_id=${booking.body.id}`);
      return list.body.data.find((m: { purpose: string; status: string }) => m.purpose === 'confirmation' && m.status === 'sent');
    }, 20_000, 'the confirmation in the local outbox');
    expect(text).toMatchObject({ livemode: false, connector: 'local-sms' });
    made.test.sms = text.id;

    const hold = await testApi('POST', '/v1/holds', { service_id: clinic.serviceId, starts_at: futureSlot(4, 17) });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ livemode: false, status: 'held' });
    made.test.hold = hold.body.id;
  });

  it('texts through the local outbox', async () => {
    const sms = await testApi('POST', '/v1/sms/messages', { to: '+15557000102', body: 'Test mode hello' });
    expect(sms.status, JSON.stringify(sms.body)).toBe(201);
    expect(sms.body.livemode).toBe(false);
    const sent = await eventually(async () => {
      const list = await testApi('GET', '/v1/sms/messages?phone=%2B15557000102');
      return list.body.data.find((m: { id: string; status: string }) => m.id === sms.body.id && m.status === 'sent');
    }, 20_000, 'the manual text to be sent');
    expect(sent.connector).toBe('local-sms');
  });

  it('keeps contacts and the do-not-call list apart', async () => {
    const contact = await testApi('POST', '/v1/contacts', { phone: '+15557000103', consent_status: 'granted', timezone: 'UTC' });
    expect(contact.status).toBe(201);
    expect(contact.body.livemode).toBe(false);
    made.test.contact = contact.body.id;
    const dnc = await testApi('POST', '/v1/dnc', { phone: '+15557000104' });
    expect(dnc.status).toBe(201);
    expect(dnc.body.livemode).toBe(false);
    made.test.dnc = dnc.body.id;
  });

  it('places a single call and a campaign on the simulator even though the org has Vapi', async () => {
    const placed = await testApi('POST', '/v1/calls', { agent_id: outboundAgentId, to: '+15557000105' });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body).toMatchObject({ livemode: false, connector: 'simulator' });
    made.test.call = placed.body.id;
    const ended = await until(() => testApi('GET', `/v1/calls/${placed.body.id}`).then((r) => r.body), (c) => c.status === 'ended' || c.status === 'failed', 'the test call to end');
    expect(ended.status).toBe('ended');
    // The contact the call created is a test contact too.
    expect((await testApi('GET', `/v1/contacts/${ended.contact_id}`)).body.livemode).toBe(false);

    const campaign = await testApi('POST', '/v1/campaigns', { name: 'Test recall', agent_id: outboundAgentId, contact_ids: [made.test.contact], default_timezone: 'UTC', quiet_hours: { start: '00:00', end: '00:00' } });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect(campaign.body.livemode).toBe(false);
    made.test.campaign = campaign.body.id;
    const done = await until(() => testApi('GET', `/v1/campaigns/${campaign.body.id}`).then((r) => r.body), (c) => c.status === 'completed', 'the test campaign to complete');
    expect(done.progress).toMatchObject({ completed: 1 });
  });

  it('hears the agent\'s ElevenLabs voice rendered by the local voice instead', async () => {
    const res = await fetch(`${server.url}/v1/agents/${inboundAgentId}/voice-preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Test mode preview' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('audio/wav');
  });

  it('runs a test call whose booking and text are test objects', async () => {
    const script = ["Hi, I'd like a cleaning next Tuesday morning", 'The first one works, my name is Jane Doe', "That's all, bye"];
    const res = await testApi('POST', '/v1/test/calls', { agent_id: inboundAgentId, caller_turns: script, caller_number: TEST_CALLER });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ livemode: false, outcome: 'booked' });
    made.test.testCall = res.body.id;
    const bookings = await testApi('GET', `/v1/bookings?patient_phone=${encodeURIComponent(TEST_CALLER)}`);
    expect(bookings.body.data).toHaveLength(1);
    expect(bookings.body.data[0]).toMatchObject({ livemode: false, source: 'voice', calendar_sync_status: 'not_applicable' });
    await eventually(async () => {
      const list = await testApi('GET', `/v1/sms/messages?booking_id=${bookings.body.data[0].id}`);
      return list.body.data.find((m: { status: string; connector: string }) => m.status === 'sent' && m.connector === 'local-sms');
    }, 20_000, 'the test call booking\'s confirmation');
  });

  it('and no fake vendor heard of any of it', () => {
    expect(vendorTraffic()).toEqual(before);
  });
});

describe('test mode cannot change what is live at a vendor', () => {
  it('refuses to publish, delete or re-point live Vapi objects and to test credentials, and lists local voices', async () => {
    const before = vendorTraffic();
    const expectRefused = (res: { status: number; body: any }, what: string) => {
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(403);
      expect(res.body.code, what).toBe('livemode_required');
    };
    expectRefused(await testApi('POST', `/v1/agents/${outboundAgentId}/publish`), 'publish');
    expectRefused(await testApi('DELETE', `/v1/agents/${outboundAgentId}`), 'delete agent');
    const numbers = (await liveApi('GET', '/v1/phone-numbers')).body.data as { id: string; agent_id: string | null }[];
    const line = numbers.find((n) => n.agent_id === outboundAgentId)!;
    expectRefused(await testApi('PATCH', `/v1/phone-numbers/${line.id}`, { agent_id: null }), 're-point number');
    expectRefused(await testApi('DELETE', `/v1/phone-numbers/${line.id}`), 'release number');
    // An admin's live key in test mode (the test key has no admin scope).
    expectRefused(await call(server.url, 'POST', '/v1/integrations/elevenlabs/test', { creds: live, headers: { 'voxanne-mode': 'test' } }), 'test credentials');
    const voices = await testApi('GET', '/v1/voices?provider=elevenlabs');
    expect(voices.status).toBe(200);
    expect(voices.body.data.every((v: { provider: string }) => v.provider === 'local')).toBe(true);

    expect(vendorTraffic()).toEqual(before);
    // Still live, still on Vapi, still answering on its number.
    expect((await liveApi('GET', `/v1/agents/${outboundAgentId}`)).body).toMatchObject({ voice_connector: 'vapi', sync_status: 'synced' });
    expect((await liveApi('GET', `/v1/phone-numbers/${line.id}`)).body.agent_id).toBe(outboundAgentId);
  });
});

describe('live and test data are listed apart', () => {
  beforeAll(async () => {
    const booking = await liveApi('POST', '/v1/bookings', { service_id: clinic.serviceId, starts_at: futureSlot(5, 15), patient: { name: 'Live Patient', phone: '+15557000201' } });
    expect(booking.body.livemode).toBe(true);
    made.live.booking = booking.body.id;
    const contact = await liveApi('POST', '/v1/contacts', { phone: '+15557000103', consent_status: 'granted' });
    // The same number as the test contact: the modes do not share contacts.
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    expect(contact.body.livemode).toBe(true);
    made.live.contact = contact.body.id;
    const dnc = await liveApi('POST', '/v1/dnc', { phone: '+15557000104' });
    expect(dnc.status).toBe(201);
    expect(dnc.body.id).not.toBe(made.test.dnc);
    made.live.dnc = dnc.body.id;
    const placed = await liveApi('POST', '/v1/calls', { agent_id: outboundAgentId, to: '+15557000202' });
    expect(placed.body).toMatchObject({ livemode: true, connector: 'vapi' });
    made.live.call = placed.body.id;
  });

  const lists: [string, string][] = [
    ['/v1/bookings?limit=100', 'booking'],
    ['/v1/contacts?limit=100', 'contact'],
    ['/v1/dnc?limit=100', 'dnc'],
    ['/v1/calls?limit=100', 'call'],
    ['/v1/campaigns?limit=100', 'campaign'],
    ['/v1/sms/messages?limit=100', 'sms'],
  ];

  it('a live key lists only live objects, a test key only test ones', async () => {
    for (const [path, kind] of lists) {
      const liveIds = (await liveApi('GET', path)).body.data.map((o: { id: string; livemode: boolean }) => {
        expect(o.livemode, `${path} as live`).toBe(true);
        return o.id;
      });
      const testIds = (await testApi('GET', path)).body.data.map((o: { id: string; livemode: boolean }) => {
        expect(o.livemode, `${path} as test`).toBe(false);
        return o.id;
      });
      if (made.test[kind]) {
        expect(testIds, path).toContain(made.test[kind]);
        expect(liveIds, path).not.toContain(made.test[kind]);
      }
      if (made.live[kind]) {
        expect(liveIds, path).toContain(made.live[kind]);
        expect(testIds, path).not.toContain(made.live[kind]);
      }
    }
  });

  it('reading the other mode\'s object by id answers 404', async () => {
    const byId: [string, string][] = [
      ['/v1/bookings/', 'booking'],
      ['/v1/holds/', 'hold'],
      ['/v1/contacts/', 'contact'],
      ['/v1/calls/', 'call'],
      ['/v1/calls/', 'testCall'],
      ['/v1/campaigns/', 'campaign'],
    ];
    for (const [prefix, kind] of byId) {
      for (const [mode, api, other] of [['test', testApi, liveApi], ['live', liveApi, testApi]] as const) {
        const id = made[mode][kind];
        if (!id) continue;
        expect((await api('GET', `${prefix}${id}`)).status, `${mode} ${kind}`).toBe(200);
        const res = await other('GET', `${prefix}${id}`);
        expect(res.status, `${mode} ${kind} read by the other mode`).toBe(404);
        expect(res.body.code).toBe('not_found');
      }
    }
    // Nor can the other mode change or remove it.
    expect((await liveApi('POST', `/v1/bookings/${made.test.booking}/cancel`, {})).status).toBe(404);
    expect((await liveApi('DELETE', `/v1/dnc/${made.test.dnc}`)).status).toBe(404);
    expect((await testApi('PATCH', `/v1/contacts/${made.live.contact}`, { name: 'Hijacked' })).status).toBe(404);
  });

  it('a dashboard session sees live data, and test data with Voxanne-Mode: test; a test key cannot ask for live', async () => {
    const session = clinic.tenant.session;
    const liveView = await call(server.url, 'GET', '/v1/bookings?limit=100', { creds: session });
    expect(liveView.body.data.map((b: { id: string }) => b.id)).toContain(made.live.booking);
    expect(liveView.body.data.map((b: { id: string }) => b.id)).not.toContain(made.test.booking);
    const testView = await call(server.url, 'GET', '/v1/bookings?limit=100', { creds: session, headers: { 'voxanne-mode': 'test' } });
    expect(testView.body.data.map((b: { id: string }) => b.id)).toContain(made.test.booking);
    expect(testView.body.data.every((b: { livemode: boolean }) => b.livemode === false)).toBe(true);

    const escalate = await call(server.url, 'GET', '/v1/bookings', { creds: test, headers: { 'voxanne-mode': 'live' } });
    expect(escalate.status).toBe(403);
    expect(escalate.body.code).toBe('test_key_livemode');
    const bad = await call(server.url, 'GET', '/v1/bookings', { creds: live, headers: { 'voxanne-mode': 'sandbox' } });
    expect(bad.status).toBe(400);
  });
});

describe('idempotency keys', () => {
  it('never replay one mode\'s answer to the other mode', async () => {
    const headers = { 'idempotency-key': `mode-${Date.now()}` };
    const body = { phone: '+15557000401' };
    const first = await call(server.url, 'POST', '/v1/contacts', { body, creds: live, headers });
    expect(first.status).toBe(201);
    const other = await call(server.url, 'POST', '/v1/contacts', { body, creds: live, headers: { ...headers, 'voxanne-mode': 'test' } });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_key_reused');
    const again = await call(server.url, 'POST', '/v1/contacts', { body, creds: live, headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('availability: the modes do not block each other (decision 0012)', () => {
  it('a test booking leaves the slot free for live patients, and a live booking leaves it free in test mode', async () => {
    const day = futureSlot(6).slice(0, 10);
    const starts = async (api: typeof liveApi) =>
      ((await api('GET', `/v1/availability?service=${clinic.serviceId}&from=${day}T00:00:00Z&to=${day}T23:59:00Z`)).body.slots as { starts_at: string }[]).map((s) => Date.parse(s.starts_at));
    const testSlot = futureSlot(6, 14);
    const liveSlot = futureSlot(6, 16);
    expect((await testApi('POST', '/v1/bookings', { service_id: clinic.serviceId, starts_at: testSlot, patient: { name: 'Test', phone: '+15557000301' } })).status).toBe(201);
    expect((await liveApi('POST', '/v1/bookings', { service_id: clinic.serviceId, starts_at: liveSlot, patient: { name: 'Live', phone: '+15557000302' } })).status).toBe(201);

    expect(await starts(liveApi)).toContain(Date.parse(testSlot));
    expect(await starts(liveApi)).not.toContain(Date.parse(liveSlot));
    expect(await starts(testApi)).toContain(Date.parse(liveSlot));
    expect(await starts(testApi)).not.toContain(Date.parse(testSlot));
    // And the same slot can be booked in each mode once.
    expect((await liveApi('POST', '/v1/bookings', { service_id: clinic.serviceId, starts_at: testSlot, patient: { name: 'Live', phone: '+15557000303' } })).status).toBe(201);
    const again = await testApi('POST', '/v1/bookings', { service_id: clinic.serviceId, starts_at: testSlot, patient: { name: 'Test', phone: '+15557000304' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('slot_taken');
  });
});

describe('rows written by the system inherit the mode of what they act for', () => {
  it('the test call\'s contact, booking and texts are all test rows in the database', async () => {
    const rows = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, async (tx) => {
      const c = await tx('calls').where({ id: made.test.testCall }).first('livemode', 'contact_id');
      return {
        call: c.livemode,
        contact: (await tx('contacts').where({ id: c.contact_id }).first('livemode')).livemode,
        bookings: await tx('bookings').where({ patient_phone: TEST_CALLER, kind: 'booking' }).pluck('livemode'),
        texts: await tx('sms_messages').where({ to_number: TEST_CALLER }).pluck('livemode'),
      };
    });
    expect(rows).toEqual({ call: false, contact: false, bookings: [false], texts: expect.arrayContaining([false]) });
    expect(rows.texts.every((m: boolean) => m === false)).toBe(true);
  });
});
