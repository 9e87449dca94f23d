import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, type VoiceServerEvent } from '@voxanne/connector-kit';
import { startFakeVapi, type FakeVapi } from '@voxanne/connector-vapi/testing';
import { call, createTenant, type TestServer } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { KNOWLEDGE_UNAVAILABLE, TRANSFERRING } from '../../src/modules/voice-tools/index.ts';
import { voiceWebhookUrl } from '../../src/connectors/voice-webhook-url.ts';
import { exactBody } from '../../src/modules/sms/body.ts';
import { createClinic, futureSlot, startSchedulingServer, type Clinic } from './scheduling-support.ts';
import { agentBody, getAgent, publishAndWait } from './voice.helpers.ts';
import { callRef, deliver, simBody, stored, toolCalls, toolRows, vapiBody } from './voice-webhook.support.ts';

let server: TestServer;
let base: string;
let vapi: FakeVapi;

beforeAll(async () => {
  vapi = await startFakeVapi({ apiKey: 'vapi-key-0123456789' });
  server = await startSchedulingServer({ env: { VAPI_BASE_URL: vapi.url } });
  base = server.url;
});
afterAll(async () => {
  await server?.close();
  await vapi?.close();
});

let sequence = 0;
const unique = (tag: string) => `${tag}-${process.pid}-${++sequence}`;
const freshNumber = () => `+1555${String(process.pid % 1000).padStart(3, '0')}${String(++sequence).padStart(4, '0')}`;

const report = (externalCallId: string, metadata: Record<string, unknown> = {}): VoiceServerEvent => ({
  type: 'end-of-call-report',
  call: callRef(externalCallId, { metadata }),
  timestamp: new Date().toISOString(),
  endedReason: 'customer-ended-call',
  transcript: 'User: my number is 555 123 4567',
  messages: [],
  summary: null,
  structuredData: null,
  recordingUrl: null,
  cost: null,
  startedAt: null,
  endedAt: null,
  durationSeconds: 12,
});

const nothing = { inbox: 0, calls: 0, toolCalls: 0, events: 0 };

describe('signatures come first', () => {
  it('refuses missing, bad and stale signatures with 401 and stores nothing', async () => {
    const t = await createTenant(base, 'Signed');
    const secret = await server.platform.connectors.webhookSecret(t.orgId);
    const bodies = [
      vapiBody(report(unique('call'))),
      simBody(toolCalls(callRef(unique('call')), [{ toolCallId: 'tc-1', name: 'check_availability', arguments: {} }])),
      vapiBody({ type: 'assistant-request', call: callRef(unique('call'), { phoneNumber: '+15550009999' }), timestamp: null }),
    ];
    for (const rawBody of bodies) {
      const good = signWebhook({ secret, rawBody });
      const cases: [string, Record<string, string>][] = [
        ['no headers', {}],
        ['no timestamp', { [WEBHOOK_SIGNATURE_HEADER]: good[WEBHOOK_SIGNATURE_HEADER]! }],
        ['no signature', { [WEBHOOK_TIMESTAMP_HEADER]: good[WEBHOOK_TIMESTAMP_HEADER]! }],
        ['another secret', signWebhook({ secret: 'someone-elses-secret-0123456789', rawBody })],
        ['another body', signWebhook({ secret, rawBody: `${rawBody} ` })],
        ['six minutes old', signWebhook({ secret, rawBody, timestamp: Math.floor(Date.now() / 1000) - 360 })],
        ['garbage', { [WEBHOOK_SIGNATURE_HEADER]: 'zz', [WEBHOOK_TIMESTAMP_HEADER]: 'yesterday' }],
      ];
      for (const [what, headers] of cases) {
        const res = await deliver(server, t.orgId, rawBody, { headers });
        expect(res.status, what).toBe(401);
        expect(res.contentType, what).toContain('application/problem+json');
        expect(res.body.code, what).toBe('invalid_signature');
      }
    }
    expect(await stored(server, t.orgId)).toEqual(nothing);

    // The same bodies, correctly signed, do get in (so the refusals above were about the signature).
    expect((await deliver(server, t.orgId, bodies[0]!)).body).toEqual({ received: true });
    expect((await stored(server, t.orgId)).inbox).toBe(1);
  });

  it('answers a path that is not an org id exactly like a bad signature', async () => {
    for (const path of ['not-an-org', 'agt_01JABCDEFGHJKMNPQRSTVWXYZ0', 'org_' + 'x'.repeat(26)]) {
      const res = await call(base, 'POST', `/v1/voice/webhooks/${path}`, { raw: '{"message":{"type":"hang"}}', headers: signWebhook({ secret: 'anything-at-all-0123', rawBody: '{}' }) });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('invalid_signature');
    }
  });

  it("never lets one org's secret write into another org", async () => {
    const a = await createTenant(base, 'Org A');
    const b = await createTenant(base, 'Org B');
    const secretA = await server.platform.connectors.webhookSecret(a.orgId);
    expect(secretA).not.toBe(await server.platform.connectors.webhookSecret(b.orgId));

    // Signed correctly for A, sent to B's URL.
    const forA = vapiBody(report(unique('call')));
    const crossed = await deliver(server, b.orgId, forA, { secret: secretA });
    expect(crossed.status).toBe(401);
    expect(crossed.body.code).toBe('invalid_signature');

    // Signed with B's own secret, but about A's assistant.
    for (const body of [vapiBody(report(unique('call'), { orgId: a.orgId })), simBody(report(unique('call'), { orgId: a.orgId }))]) {
      const res = await deliver(server, b.orgId, body);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('org_mismatch');
    }
    expect(await stored(server, a.orgId)).toEqual(nothing);
    expect(await stored(server, b.orgId)).toEqual(nothing);

    // A message naming its own org is fine.
    expect((await deliver(server, a.orgId, vapiBody(report(unique('call'), { orgId: a.orgId })))).status).toBe(200);
  });

  it('answers bad JSON behind a good signature with 400, and stores nothing', async () => {
    const t = await createTenant(base, 'Bad Json');
    const res = await deliver(server, t.orgId, '{"message": {"type": "end-of-call-report",');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_json');
    const untyped = await deliver(server, t.orgId, '{"hello":"world"}');
    expect(untyped.status).toBe(400);
    expect(untyped.body.code).toBe('invalid_message');
    expect(await stored(server, t.orgId)).toEqual(nothing);
  });

  it('is not behind the per-IP rate limit, cookies or the JSON parser: any content type verifies over the raw bytes', async () => {
    const t = await createTenant(base, 'Raw');
    const rawBody = vapiBody(report(unique('call')));
    const secret = await server.platform.connectors.webhookSecret(t.orgId);
    const res = await call(base, 'POST', `/v1/voice/webhooks/${t.orgId}`, { raw: rawBody, headers: { ...signWebhook({ secret, rawBody }), 'content-type': 'text/plain' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-limit')).toBeNull();
  });
});

describe('assistant-request', () => {
  const elevenVoice = { provider: 'elevenlabs', voice_id: '21m00Tcm4TlvDq8ikWAM' };

  async function line(t: { adminKey: string }, body: Record<string, unknown>) {
    const agent = (await call(base, 'POST', '/v1/agents', { body: agentBody(body), creds: { apiKey: t.adminKey } })).body;
    await publishAndWait(base, t.adminKey, agent.id);
    const number = (await call(base, 'POST', '/v1/phone-numbers', { body: { source: 'twilio', number: freshNumber(), agent_id: agent.id }, creds: { apiKey: t.adminKey } })).body;
    if (number.agent_id !== agent.id) {
      await call(base, 'PATCH', `/v1/phone-numbers/${number.id}`, { body: { agent_id: agent.id }, creds: { apiKey: t.adminKey } });
    }
    return { agent: await getAgent(base, t.adminKey, agent.id), number };
  }

  it("answers the number's published agent: the deployed assistant, or the revision inline", async () => {
    const t = await createTenant(base, 'Answering');
    const { agent, number } = await line(t, { voice: elevenVoice, tools: [{ type: 'check_availability' }] });
    expect(agent.external_id).toMatch(/^sim_asst_/);

    // The simulator, where the agent is deployed: its assistant id.
    const simCall = unique('sim-call');
    const sim = await deliver(server, t.orgId, simBody({ type: 'assistant-request', call: callRef(simCall, { phoneNumberExternalId: number.external_id, phoneNumber: number.number }), timestamp: null }));
    expect(sim.status).toBe(200);
    expect(sim.body).toEqual({ assistantExternalId: agent.external_id });

    // Vapi, where it is not deployed: the published revision inline, found by the dialed number alone.
    const vapiCall = unique('vapi-call');
    const vapi = await deliver(server, t.orgId, vapiBody({ type: 'assistant-request', call: callRef(vapiCall, { phoneNumber: number.number }), timestamp: null }));
    expect(vapi.status).toBe(200);
    expect(vapi.body.assistant).toMatchObject({
      name: 'Front desk',
      voice: { provider: '11labs', voiceId: elevenVoice.voice_id },
      server: { url: voiceWebhookUrl(server.config, t.orgId) },
      metadata: { orgId: t.orgId, agentId: agent.id, revisionId: agent.live_revision_id },
    });
    expect(vapi.body.assistant.model.messages[0].content).toContain('You answer the phone for Bright Smile Dental.');
    expect(vapi.body.assistant.model.tools.map((x: { function: { name: string } }) => x.function.name)).toEqual(['check_availability']);

    // Each call exists from its first ring, with the agent and revision that answered it.
    const rows = await inScope(server.platform.knex, { orgId: t.orgId }, (tx) =>
      tx('calls as c').join('call_events as e', 'e.call_id', 'c.id').where('e.type', 'assistant_request').orderBy('c.id').select('c.external_call_id', 'c.agent_id', 'c.revision_id', 'c.phone_number_id', 'c.direction', 'e.detail'),
    );
    expect(rows).toEqual([
      { external_call_id: simCall, agent_id: agent.id, revision_id: agent.live_revision_id, phone_number_id: number.id, direction: 'inbound', detail: 'deployed_assistant' },
      { external_call_id: vapiCall, agent_id: agent.id, revision_id: agent.live_revision_id, phone_number_id: number.id, direction: 'inbound', detail: 'assistant' },
    ]);
  });

  it("gives an inline Vapi assistant the org's webhook credential, so Vapi signs the tool calls it sends back", async () => {
    const t = await createTenant(base, 'Vapi Credential');
    const { agent, number } = await line(t, { voice: elevenVoice });
    // Stored after publishing (to the simulator): the agent is not on Vapi, so Vapi gets it inline.
    const stored = await call(base, 'PUT', '/v1/integrations/vapi', { body: { api_key: vapi.apiKey }, creds: { apiKey: t.adminKey } });
    expect(stored.status).toBe(201);
    const credentialId = stored.body.server_credential_id;
    expect(vapi.credentials.has(credentialId)).toBe(true);
    const res = await deliver(server, t.orgId, vapiBody({ type: 'assistant-request', call: callRef(unique('c'), { phoneNumber: number.number }), timestamp: null }));
    expect(res.body.assistant.server).toEqual({ url: voiceWebhookUrl(server.config, t.orgId), timeoutSeconds: 20, credentialId });
    expect(res.body.assistant.model.tools).toEqual([]);
    expect(res.body.assistant.metadata.agentId).toBe(agent.id);
  });

  it('forwards after hours when the agent says so, in each vendor format', async () => {
    const t = await createTenant(base, 'After Hours');
    // Open only on the day after tomorrow (in the agent's zone), so it is closed now.
    const later = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short' }).format(new Date(Date.now() + 2 * 86_400_000)).toLowerCase().slice(0, 3);
    const { number } = await line(t, {
      voice: elevenVoice,
      business_hours: [{ day: later, start: '00:00', end: '24:00' }],
      after_hours: { behavior: 'transfer', transfer_to: '+15559990000' },
    });
    const event = (id: string): VoiceServerEvent => ({ type: 'assistant-request', call: callRef(id, { phoneNumberExternalId: number.external_id }), timestamp: null });
    expect((await deliver(server, t.orgId, simBody(event(unique('c'))))).body).toEqual({ forwardTo: '+15559990000' });
    expect((await deliver(server, t.orgId, vapiBody(event(unique('c'))))).body).toEqual({ destination: { type: 'number', number: '+15559990000' } });

    // The same agent open every day answers normally.
    const open = await createTenant(base, 'Open Hours');
    const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, start: '00:00', end: '24:00' }));
    const openLine = await line(open, { voice: elevenVoice, business_hours: everyDay, after_hours: { behavior: 'transfer', transfer_to: '+15559990000' } });
    const answered = await deliver(server, open.orgId, simBody({ type: 'assistant-request', call: callRef(unique('c'), { phoneNumberExternalId: openLine.number.external_id }), timestamp: null }));
    expect(answered.body).toEqual({ assistantExternalId: openLine.agent.external_id });
  });

  it('speaks an error for a number without a published agent, and never a voice Vapi cannot render', async () => {
    const t = await createTenant(base, 'Unready');
    const unknown = await deliver(server, t.orgId, vapiBody({ type: 'assistant-request', call: callRef(unique('c'), { phoneNumber: '+15550000001' }), timestamp: null }));
    expect(unknown.status).toBe(200);
    expect(unknown.body.error).toMatch(/can't take calls/);

    const draft = (await call(base, 'POST', '/v1/agents', { body: agentBody(), creds: { apiKey: t.adminKey } })).body;
    const number = (await call(base, 'POST', '/v1/phone-numbers', { body: { source: 'twilio', number: freshNumber() }, creds: { apiKey: t.adminKey } })).body;
    await call(base, 'PATCH', `/v1/phone-numbers/${number.id}`, { body: { agent_id: draft.id }, creds: { apiKey: t.adminKey } });
    const unpublished = await deliver(server, t.orgId, simBody({ type: 'assistant-request', call: callRef(unique('c'), { phoneNumberExternalId: number.external_id }), timestamp: null }));
    expect(unpublished.body).toEqual({ error: expect.stringMatching(/can't take calls/) });

    // Published with our local voice: fine in the simulator, impossible on Vapi.
    await publishAndWait(base, t.adminKey, draft.id);
    const local = await deliver(server, t.orgId, vapiBody({ type: 'assistant-request', call: callRef(unique('c'), { phoneNumber: number.number }), timestamp: null }));
    expect(local.body).toEqual({ error: expect.stringMatching(/can't take calls/) });
    const details = await inScope(server.platform.knex, { orgId: t.orgId }, (tx) => tx('call_events').where({ type: 'assistant_request' }).orderBy('id').pluck('detail'));
    expect(details).toEqual(['no_number', 'not_published', 'voice_unsupported']);
  });
});

describe('tool-calls', () => {
  let clinic: Clinic;
  const day = futureSlot(9).slice(0, 10);

  beforeAll(async () => {
    clinic = await createClinic(base);
  });

  const run = async (externalCallId: string, calls: { toolCallId: string; name: string; arguments: Record<string, unknown> }[], format: 'sim' | 'vapi' = 'sim', metadata: Record<string, unknown> = {}) => {
    const event = toolCalls(callRef(externalCallId, { metadata }), calls);
    const res = await deliver(server, clinic.tenant.orgId, format === 'sim' ? simBody(event) : vapiBody(event));
    expect(res.status).toBe(200);
    return res.body.results as { toolCallId: string; name: string; result?: string; error?: string }[];
  };

  it('offers real availability as one line ending with the exact ISO times, in either format', async () => {
    const api = await call(base, 'GET', `/v1/availability?service=${clinic.serviceId}&from=${day}&to=${day}&limit=10`, { creds: clinic.creds });
    const expected = [...new Set((api.body.slots as { starts_at: string }[]).map((s) => s.starts_at))].slice(0, 3);
    expect(expected).toHaveLength(3);

    for (const format of ['sim', 'vapi'] as const) {
      const [r] = await run(unique('avail'), [{ toolCallId: 'tc-avail', name: 'check_availability', arguments: { date_from: day, date_to: day, service: 'cleaning' } }], format);
      expect(r).toMatchObject({ toolCallId: 'tc-avail', name: 'check_availability' });
      expect(r!.error).toBeUndefined();
      expect(r!.result).not.toMatch(/\n/);
      expect(r!.result).toMatch(/^I have .+ Which works for you\? Times: /);
      expect(r!.result!.endsWith(`Times: ${expected.join(', ')}`)).toBe(true);
      for (const iso of expected) expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    }

    // No service named: the clinic has exactly one, so it is that one.
    const [implicit] = await run(unique('avail'), [{ toolCallId: 'tc-implicit', name: 'check_availability', arguments: { date_from: day, date_to: day } }]);
    expect(implicit!.result!.endsWith(`Times: ${expected.join(', ')}`)).toBe(true);
  });

  it('books once: a retried tool call answers what was recorded instead of booking again', async () => {
    const externalCallId = unique('book');
    const [offer] = await run(externalCallId, [{ toolCallId: 'tc-1', name: 'check_availability', arguments: { date_from: day, date_to: day } }], 'vapi');
    const start = offer!.result!.split('Times: ')[1]!.split(', ')[1]!;
    const args = { start, patient_name: 'Ada Lovelace', patient_phone: '+15551230001', service: 'Cleaning', notes: 'Prefers Dr. 1, call 555-987-6543' };

    const [booked] = await run(externalCallId, [{ toolCallId: 'tc-2', name: 'book_appointment', arguments: args }], 'vapi');
    expect(booked!.error).toBeUndefined();
    expect(booked!.result).toMatch(/^You're booked for Cleaning on .+ Your confirmation code is /);
    const bookings = () =>
      inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('bookings').where({ kind: 'booking', source: 'voice', patient_phone: '+15551230001' }).select('id', 'starts_at', 'status'));
    expect(await bookings()).toHaveLength(1);
    expect((await bookings())[0]!.starts_at.getTime()).toBe(Date.parse(start));

    // Vapi retries the same message (a timeout on its side): same answer, no second booking.
    const [again] = await run(externalCallId, [{ toolCallId: 'tc-2', name: 'book_appointment', arguments: args }], 'vapi');
    expect(again).toEqual(booked);
    expect(await bookings()).toHaveLength(1);

    // Recorded once each, on the same call, with the caller's details redacted.
    const rows = await toolRows(server, clinic.tenant.orgId);
    const mine = rows.filter((r) => ['tc-1', 'tc-2'].includes(r.tool_call_id) && r.call_id === rows.find((x) => x.tool_call_id === 'tc-2' && x.name === 'book_appointment')!.call_id);
    expect(mine.map((r) => [r.tool_call_id, r.name, r.ok, r.timed_out])).toEqual([
      ['tc-1', 'check_availability', true, false],
      ['tc-2', 'book_appointment', true, false],
    ]);
    const book = mine[1]!;
    expect(book.arguments).toMatchObject({ start, patient_phone: '[PHONE]', patient_name: '[NAME]', service: 'Cleaning' });
    const text = JSON.stringify(book);
    for (const phi of ['Ada Lovelace', '+15551230001', '5551230001', '987-6543']) expect(text).not.toContain(phi);
    expect(book.result).toBe(booked!.result);
    const call = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('calls').where({ id: book.call_id }).first('external_call_id', 'connector'));
    expect(call).toEqual({ external_call_id: externalCallId, connector: 'vapi' });
  });

  it('offers the alternatives, with their times, when the slot is gone', async () => {
    const externalCallId = unique('taken');
    const [offer] = await run(externalCallId, [{ toolCallId: 'a', name: 'check_availability', arguments: { date_from: day, date_to: day } }]);
    const start = offer!.result!.split('Times: ')[1]!.split(', ')[0]!;
    const [first] = await run(externalCallId, [{ toolCallId: 'b', name: 'book_appointment', arguments: { start, patient_name: 'First Caller', patient_phone: '+15551230002' } }]);
    expect(first!.result).toMatch(/^You're booked/);
    const [second] = await run(unique('taken'), [{ toolCallId: 'c', name: 'book_appointment', arguments: { start, patient_name: 'Second Caller', patient_phone: '+15551230003' } }]);
    expect(second!.result).toBeUndefined();
    expect(second!.error).toMatch(/^Sorry, that time was just taken\. I can offer .+ Times: \d{4}-\d{2}-\d{2}T/);
    expect(second!.error).not.toContain(start);
  });

  it('cancels with the confirmation code, or by caller id when there is exactly one appointment', async () => {
    const caller = '+15551230004';
    const externalCallId = unique('cancel');
    const deliverAs = async (id: string, calls: { toolCallId: string; name: string; arguments: Record<string, unknown> }[], from = caller) =>
      (await deliver(server, clinic.tenant.orgId, simBody(toolCalls({ ...callRef(id), customerNumber: from }, calls)))).body.results as { result?: string; error?: string }[];

    const date = futureSlot(11).slice(0, 10);
    const [offer] = await deliverAs(externalCallId, [{ toolCallId: 'a', name: 'check_availability', arguments: { date_from: date, date_to: date } }]);
    const [first, second] = offer!.result!.split('Times: ')[1]!.split(', ');
    const [booked] = await deliverAs(externalCallId, [{ toolCallId: 'b', name: 'book_appointment', arguments: { start: first!, patient_name: 'Canceller' } }]);
    expect(booked!.result).toMatch(/^You're booked/);
    const code = /confirmation code is (.+)\.$/.exec(booked!.result!)![1]!.replace(/[\s,]/g, '');

    // Someone calling from another number cannot cancel by naming the patient's number.
    const [stranger] = await deliverAs(unique('cancel'), [{ toolCallId: 'c', name: 'cancel_appointment', arguments: { patient_phone: caller } }], '+15550000000');
    expect(stranger!.error).toMatch(/confirmation code/);

    // By code: the code with the patient's number.
    const [byCode] = await deliverAs(unique('cancel'), [{ toolCallId: 'd', name: 'cancel_appointment', arguments: { patient_phone: caller, confirmation_code: code.toLowerCase() } }], '+15550000000');
    expect(byCode!.result).toMatch(/is cancelled\.$/);

    // By caller id: the only upcoming appointment of the number calling.
    const [again] = await deliverAs(externalCallId, [{ toolCallId: 'e', name: 'book_appointment', arguments: { start: second!, patient_name: 'Canceller' } }]);
    expect(again!.result).toMatch(/^You're booked/);
    const [cancelled] = await deliverAs(unique('cancel'), [{ toolCallId: 'f', name: 'cancel_appointment', arguments: {} }]);
    expect(cancelled!.result).toMatch(/is cancelled\.$/);
    const status = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('bookings').where({ kind: 'booking', patient_phone: caller }).pluck('status'));
    expect(status).toEqual(['cancelled', 'cancelled']);
  });

  it('answers a clear error for knowledge look-ups, unknown tools and bad arguments, always with 200', async () => {
    const results = await run(unique('errors'), [
      { toolCallId: 'k', name: 'lookup_knowledge', arguments: { question: 'Do you take Delta Dental?' } },
      { toolCallId: 'u', name: 'order_pizza', arguments: { size: 'large' } },
      { toolCallId: 'b', name: 'book_appointment', arguments: { patient_name: 'No Start' } },
      { toolCallId: 'd', name: 'check_availability', arguments: { date_from: 'next tuesday' } },
      { toolCallId: 'p', name: 'send_sms', arguments: { message: 'hi', to: '555-1234' } },
      { toolCallId: 's', name: 'send_sms', arguments: { message: 'Your appointment is confirmed.', to: '+15550009999' } },
    ]);
    expect(results.map((r) => r.toolCallId)).toEqual(['k', 'u', 'b', 'd', 'p', 's']);
    for (const r of results) {
      expect(r.result).toBeUndefined();
      expect(r.error).not.toMatch(/\n/);
    }
    expect(results[0]!.error).toBe(KNOWLEDGE_UNAVAILABLE);
    expect(results[1]!.error).toMatch(/^Unknown tool "order_pizza"\./);
    expect(results[2]!.error).toBe('Invalid arguments for book_appointment: start is required.');
    expect(results[3]!.error).toMatch(/^Invalid arguments for check_availability: date_from must be a date/);
    expect(results[4]!.error).toMatch(/^Invalid arguments for send_sms: to must be a phone number/);
    // The clinic never texts a number other than the caller's.
    expect(results[5]!.error).toBe('I can only send a text to the number you are calling from.');
    // Recorded too: the call's detail shows what the model tried.
    const names = (await toolRows(server, clinic.tenant.orgId)).filter((r) => ['k', 'u'].includes(r.tool_call_id)).map((r) => [r.name, r.ok]);
    expect(names).toEqual([
      ['lookup_knowledge', false],
      ['order_pizza', false],
    ]);
  });

  it('texts the caller, once per tool call', async () => {
    const caller = '+15551230005';
    const body = simBody(toolCalls({ ...callRef(unique('sms')), customerNumber: caller }, [{ toolCallId: 'sms-1', name: 'send_sms', arguments: { message: 'Directions: 12 Main St.' } }]));
    const sent = await deliver(server, clinic.tenant.orgId, body);
    expect(sent.body.results).toEqual([{ toolCallId: 'sms-1', name: 'send_sms', result: expect.stringMatching(/^I've sent you a text\.$|^I'll text you in the morning/) }]);
    const again = await deliver(server, clinic.tenant.orgId, body);
    expect(again.body).toEqual(sent.body);
    const texts = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('sms_messages').where({ to_number: caller }).select('id', 'org_id', 'body', 'body_enc', 'body_redacted'));
    // Stored redacted; the exact text is kept encrypted for sending.
    expect(texts.map((t) => t.body)).toEqual(['Directions: [ADDRESS].']);
    expect(exactBody(server.platform.keyring, texts[0]!)).toBe('Directions: 12 Main St.');
  });

  it("transfers to the destination in the call's revision and puts it on the timeline", async () => {
    const t = clinic.tenant;
    const agent = (await call(base, 'POST', '/v1/agents', { body: agentBody({ tools: [{ type: 'transfer_call', destination: '+15551112222' }] }), creds: { apiKey: t.adminKey } })).body;
    const published = await publishAndWait(base, t.adminKey, agent.id);
    const externalCallId = unique('transfer');
    const [r] = await run(externalCallId, [{ toolCallId: 'x', name: 'transfer_call', arguments: { reason: 'Caller asked for a person' } }], 'sim', {
      orgId: t.orgId,
      agentId: agent.id,
      revisionId: published.live_revision_id,
    });
    expect(r!.result).toBe(TRANSFERRING);
    const events = await inScope(server.platform.knex, { orgId: t.orgId }, (tx) =>
      tx('call_events as e').join('calls as c', 'c.id', 'e.call_id').where('c.external_call_id', externalCallId).where('e.type', 'transfer_requested').pluck('e.detail'),
    );
    expect(events).toEqual(['to +15551112222: Caller asked for a person']);

    // A call whose agent has no transfer tool cannot transfer.
    const [none] = await run(unique('transfer'), [{ toolCallId: 'y', name: 'transfer_call', arguments: {} }]);
    expect(none!.error).toMatch(/can't transfer/);
  });
});
