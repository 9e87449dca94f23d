import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTwilio, postTwilioWebhook, twilioSignature, type FakeTwilio } from '@voxanne/connector-twilio/testing';
import { call, type TestServer } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { createClinic, eventually, futureSlot, startSchedulingServer, zoneAtLocalHour, type Clinic } from './scheduling-support.ts';

let server: TestServer;
let twilio: FakeTwilio;
let clinic: Clinic;
const OUR_NUMBER = '+15005550006';

beforeAll(async () => {
  twilio = await startFakeTwilio({ numbers: [OUR_NUMBER] });
  server = await startSchedulingServer({ env: { TWILIO_BASE_URL: twilio.url } });
  // Midday in the clinic's zone, whenever the suite runs.
  clinic = await createClinic(server.url, { timezone: zoneAtLocalHour(12) });
  const put = await call(server.url, 'PUT', '/v1/integrations/twilio', { body: { account_sid: twilio.accountSid, auth_token: twilio.authToken }, creds: clinic.creds });
  expect([200, 201]).toContain(put.status);
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, { body, creds: clinic.creds });
const inboundUrl = () => `${server.url}/v1/sms/webhooks/twilio/${clinic.tenant.orgId}`;
const messages = async (q = '') => (await api('GET', `/v1/sms/messages?limit=100${q}`)).body.data as { id: string; purpose: string; status: string; to: string; from: string | null; booking_id: string | null; error_code: string | null; connector: string | null; body: string }[];
const inboxCount = async () => Number((await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('sms_inbox').count('* as n')))[0]!.n);
const phone = (n: number) => `+1555777${String(n).padStart(4, '0')}`;
const bookFor = (p: string, days = 3) => api('POST', '/v1/bookings', { service_id: clinic.serviceId, starts_at: futureSlot(days, 10 + (Number(p.slice(-2)) % 12)), patient: { name: 'Pat', phone: p } });

describe('confirmations over Twilio', () => {
  it('texts a confirmation with the code through the org\'s Twilio account, then follows delivery', async () => {
    const p = phone(1);
    const booking = await bookFor(p);
    expect(booking.status).toBe(201);
    const sent = await eventually(async () => (await messages(`&booking_id=${booking.body.id}`)).find((m) => m.purpose === 'confirmation' && m.connector === 'twilio'), 20_000, 'the confirmation');
    expect(sent).toMatchObject({ connector: 'twilio', to: p, from: OUR_NUMBER });
    expect(sent.body).toContain(booking.body.confirmation_code);
    const atTwilio = [...twilio.messages.values()].find((m) => m.to === p && m.direction === 'outbound-api')!;
    expect(atTwilio.statusCallback).toBe(`${server.url}/v1/sms/webhooks/twilio/${clinic.tenant.orgId}/status`);

    const res = await twilio.sendStatus(atTwilio.sid, 'delivered');
    expect(res.status).toBe(200);
    await eventually(async () => (await messages(`&booking_id=${booking.body.id}`)).find((m) => m.status === 'delivered'), 20_000, 'the delivered status');
    const events = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('outbox_events').where({ type: 'sms.status_changed' }).pluck('payload'));
    expect(events.some((e: { status: string; message_id: string }) => e.message_id === sent.id && e.status === 'delivered')).toBe(true);
  });
});

describe('the inbound webhook', () => {
  it('refuses a missing or wrong X-Twilio-Signature with 401 and stores nothing', async () => {
    const before = await inboxCount();
    const params = { MessageSid: 'SMforged0000000000000000000000000', From: phone(2), To: OUR_NUMBER, Body: 'STOP', AccountSid: twilio.accountSid };
    const form = new URLSearchParams(params).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const unsigned = await fetch(inboundUrl(), { method: 'POST', headers, body: form });
    expect(unsigned.status).toBe(401);
    const wrongKey = await fetch(inboundUrl(), { method: 'POST', headers: { ...headers, 'x-twilio-signature': twilioSignature('not-the-token', inboundUrl(), params) }, body: form });
    expect(wrongKey.status).toBe(401);
    expect(((await wrongKey.json()) as { code: string }).code).toBe('invalid_signature');
    // Signed for another URL (another org): refused too.
    const otherUrl = await fetch(inboundUrl(), { method: 'POST', headers: { ...headers, 'x-twilio-signature': twilioSignature(twilio.authToken, `${inboundUrl()}x`, params) }, body: form });
    expect(otherUrl.status).toBe(401);
    expect(await inboxCount()).toBe(before);
    expect((await api('GET', `/v1/sms/opt-outs?phone=${encodeURIComponent(phone(2))}`)).body.data).toEqual([]);
  });

  it('accepts a correctly signed delivery once, even when Twilio redelivers it', async () => {
    const before = await inboxCount();
    const params = { MessageSid: 'SMdup00000000000000000000000000001', From: phone(3), To: OUR_NUMBER, Body: 'hello', AccountSid: twilio.accountSid };
    const first = await postTwilioWebhook(inboundUrl(), params, twilio.authToken);
    const again = await postTwilioWebhook(inboundUrl(), params, twilio.authToken);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(first.body).toContain('<Response');
    expect(await inboxCount()).toBe(before + 1);
    const received = await eventually(async () => (await messages(`&phone=${encodeURIComponent(phone(3))}`)).filter((m) => m.status === 'received'), 20_000, 'the inbound message');
    expect(received).toHaveLength(1);
  });
});

describe('the opt-out ledger', () => {
  it('records STOP and refuses every later send, logging the refusal; START lifts it', async () => {
    const p = phone(4);
    const r = await twilio.sendInbound(inboundUrl(), { from: p, to: OUR_NUMBER, body: 'Stop' });
    expect(r.status).toBe(200);
    const ledger = await eventually(async () => (await api('GET', `/v1/sms/opt-outs?phone=${encodeURIComponent(p)}`)).body.data.find((e: { action: string }) => e.action === 'stop'), 20_000, 'the STOP entry');
    expect(ledger).toMatchObject({ phone: p, source: 'inbound_keyword' });

    const manual = await api('POST', '/v1/sms/messages', { to: p, body: 'Hello again' });
    expect(manual.status).toBe(422);
    expect(manual.body.code).toBe('recipient_opted_out');
    const refused = (await messages(`&phone=${encodeURIComponent(p)}`)).find((m) => m.id === manual.body.message_id)!;
    expect(refused).toMatchObject({ status: 'refused', error_code: 'opted_out' });

    // A booking still succeeds; its confirmation is refused, never sent.
    const booking = await bookFor(p, 4);
    expect(booking.status).toBe(201);
    const conf = (await messages(`&booking_id=${booking.body.id}`)).find((m) => m.purpose === 'confirmation')!;
    expect(conf.status).toBe('refused');
    expect([...twilio.messages.values()].filter((m) => m.to === p && m.direction === 'outbound-api')).toHaveLength(0);

    await twilio.sendInbound(inboundUrl(), { from: p, to: OUR_NUMBER, body: 'START' });
    await eventually(async () => (await api('GET', `/v1/sms/opt-outs?phone=${encodeURIComponent(p)}`)).body.data[0]?.action === 'start', 20_000, 'the START entry');
    const after = await api('POST', '/v1/sms/messages', { to: p, body: 'Welcome back' });
    expect(after.status).toBe(201);
  });

  it('turns a carrier refusal (21610) into a ledger entry and stops retrying', async () => {
    const p = phone(5);
    twilio.optOut(p);
    const msg = await api('POST', '/v1/sms/messages', { to: p, body: 'Are you there?' });
    expect(msg.status).toBe(201);
    const failed = await eventually(async () => (await messages(`&phone=${encodeURIComponent(p)}`)).find((m) => m.status === 'failed'), 20_000, 'the failed send');
    expect(failed.error_code).toBe('21610');
    const ledger = (await api('GET', `/v1/sms/opt-outs?phone=${encodeURIComponent(p)}`)).body.data;
    expect(ledger[0]).toMatchObject({ action: 'vendor_refused', source: 'send_error', message_id: msg.body.id });
    expect((await api('POST', '/v1/sms/messages', { to: p, body: 'Again?' })).body.code).toBe('recipient_opted_out');
  });
});

describe('testing the Twilio integration', () => {
  const test = (creds: { apiKey: string }) => call(server.url, 'POST', '/v1/integrations/twilio/test', { creds });

  it("asks Twilio for the org's account with its own credentials and records the answer", async () => {
    const before = twilio.http.requests.length;
    const res = await test(clinic.creds);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'integration_test', provider: 'twilio', ok: true, detail: 'Twilio account "Bright Smile Dental" is active' });
    const seen = twilio.http.requests.slice(before).find((r) => r.method === 'GET' && r.path === `/2010-04-01/Accounts/${twilio.accountSid}.json`);
    expect(seen?.headers.authorization).toBe(`Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`);
    const stored = await api('GET', '/v1/integrations/twilio');
    expect(stored.body.last_test).toMatchObject({ ok: true });
  });

  it('answers ok: false for credentials Twilio refuses, without echoing them, and 502 when Twilio is down', async () => {
    const other = await createClinic(server.url, { timezone: zoneAtLocalHour(12) });
    const wrongToken = 'twilio-wrong-token-5e1a9c';
    expect((await call(server.url, 'PUT', '/v1/integrations/twilio', { body: { account_sid: twilio.accountSid, auth_token: wrongToken }, creds: other.creds })).status).toBe(201);
    const refused = await test(other.creds);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ provider: 'twilio', ok: false });
    expect(refused.body.detail).toMatch(/^unauthorized/);
    expect(JSON.stringify(refused.body)).not.toContain(wrongToken);
    expect((await call(server.url, 'GET', '/v1/integrations/twilio', { creds: other.creds })).body.last_test).toMatchObject({ ok: false });

    twilio.failNext(503);
    const down = await test(clinic.creds);
    expect(down.status).toBe(502);
    expect(down.contentType).toContain('application/problem+json');
    expect(down.body).toMatchObject({ code: 'vendor_unavailable', connector: 'twilio' });
  });
});

describe('Twilio errors in the logs', () => {
  it('carry the Twilio code and status only, never the vendor text with its phone numbers', async () => {
    const p = phone(9);
    // Twilio's texts quote numbers; a retryable failure is logged by the queue with the error's message.
    twilio.failNext(503, 1, { code: 20500, message: `Upstream trouble delivering to ${p}`, more_info: 'https://www.twilio.com/docs/errors/20500', status: 503 });
    const msg = await api('POST', '/v1/sms/messages', { to: p, body: 'Your results are ready' });
    expect(msg.status).toBe(201);
    const jobId = `sms-deliver-${msg.body.id}`;
    const line = await eventually(async () => server.logs.find((l) => l.includes(jobId) && l.includes('job failed')), 20_000, 'the logged failure');
    expect(line).not.toContain(p);
    expect(line).toContain('20500');
    expect(line).toContain('503');
    await eventually(async () => (await messages(`&phone=${encodeURIComponent(p)}`)).find((m) => m.status === 'queued'), 30_000, 'the retried send');
    const logs = server.logs.join('');
    expect(logs).not.toContain(p);
    expect(logs).not.toContain(p.slice(2));
  });
});

describe('patient replies', () => {
  it('C confirms the next booking; R asks for a call back', async () => {
    const p = phone(6);
    const booking = await bookFor(p, 5);
    await twilio.sendInbound(inboundUrl(), { from: p, to: OUR_NUMBER, body: 'c' });
    await eventually(async () => (await api('GET', `/v1/bookings/${booking.body.id}`)).body.patient_confirmed_at, 20_000, 'the confirmation');
    await twilio.sendInbound(inboundUrl(), { from: p, to: OUR_NUMBER, body: 'R' });
    await eventually(async () => (await api('GET', `/v1/bookings/${booking.body.id}`)).body.callback_requested_at, 20_000, 'the callback flag');
    const types = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('outbox_events').orderBy('id').pluck('type'));
    expect(types).toContain('sms.received');
    expect(types).toContain('sms.callback_requested');
    expect(types).toContain('booking.patient_confirmed');
  });
});

describe('quiet hours', () => {
  it('holds a confirmation booked late at night until 08:00 local time', async () => {
    const night = await createClinic(server.url, { timezone: zoneAtLocalHour(23) });
    const booking = await call(server.url, 'POST', '/v1/bookings', { body: { service_id: night.serviceId, starts_at: futureSlot(3), patient: { name: 'Owl', phone: phone(7) } }, creds: night.creds });
    expect(booking.status).toBe(201);
    const list = await call(server.url, 'GET', `/v1/sms/messages?booking_id=${booking.body.id}`, { creds: night.creds });
    const conf = list.body.data[0];
    expect(conf.status).toBe('scheduled');
    const hoursAhead = (Date.parse(conf.send_at) - Date.now()) / 3_600_000;
    expect(hoursAhead).toBeGreaterThan(7);
    expect(hoursAhead).toBeLessThan(10);
  });
});

describe('the local outbox (no Twilio integration)', () => {
  it('logs messages and handles simulated replies, including STOP', async () => {
    const local = await createClinic(server.url, { timezone: zoneAtLocalHour(12) });
    const p = phone(8);
    const booking = await call(server.url, 'POST', '/v1/bookings', { body: { service_id: local.serviceId, starts_at: futureSlot(3), patient: { name: 'Lo', phone: p } }, creds: local.creds });
    const sent = await eventually(async () => {
      const list = await call(server.url, 'GET', `/v1/sms/messages?booking_id=${booking.body.id}`, { creds: local.creds });
      return list.body.data.find((m: { status: string }) => m.status === 'sent');
    }, 20_000, 'the local send');
    expect(sent.connector).toBe('local-sms');
    const sim = await call(server.url, 'POST', '/v1/sms/simulate-inbound', { body: { from: p, body: 'STOP' }, creds: local.creds });
    expect(sim.status).toBe(202);
    expect(sim.body.webhook_status).toBe(200);
    await eventually(async () => (await call(server.url, 'GET', '/v1/sms/opt-outs', { creds: local.creds })).body.data.find((e: { phone: string }) => e.phone === p), 20_000, 'the STOP entry');
    expect((await call(server.url, 'POST', '/v1/sms/messages', { body: { to: p, body: 'hi' }, creds: local.creds })).body.code).toBe('recipient_opted_out');
  });
});
