/**
 * Issue #5's end-to-end test: a simulated inbound call, from greeting to booking to end-of-call, through
 * the production pipeline (signed webhook -> tools -> inbox -> ingest -> analysis), produces the call
 * record, the contact and the events, all of them test data (livemode false). Plus the test-call API's own
 * contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type TestServer } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { agentBody } from './voice.helpers.ts';
import { createClinic, eventually, NINE_TO_FIVE, startSchedulingServer, type Clinic } from './scheduling-support.ts';

let server: TestServer;
let clinic: Clinic;
let inboundAgent: string;
let outboundAgent: string;

const CALLER = '+15555550142';
const MEMBER_ID = '48213377';
const SCRIPT = [
  "Hi, I'd like a cleaning next Tuesday morning",
  `The first one works, my name is Jane Doe and my insurance member ID is ${MEMBER_ID}`,
  "That's all, bye",
];

beforeAll(async () => {
  server = await startSchedulingServer();
  clinic = await createClinic(server.url, { hours: NINE_TO_FIVE });
  const tools = [{ type: 'check_availability' }, { type: 'book_appointment' }, { type: 'cancel_appointment' }, { type: 'lookup_knowledge' }];
  const inbound = await call(server.url, 'POST', '/v1/agents', { body: agentBody({ tools }), creds: clinic.creds });
  expect(inbound.status).toBe(201);
  inboundAgent = inbound.body.id;
  const outbound = await call(server.url, 'POST', '/v1/agents', { body: agentBody({ kind: 'outbound', name: 'Recall', tools }), creds: clinic.creds });
  outboundAgent = outbound.body.id;
});

afterAll(async () => {
  await server?.close();
});

/** A simulated call is test data (decision 0012): the live key reads it in test mode. */
const TEST_MODE = { 'voxanne-mode': 'test' };

const outbox = (orgId: string) =>
  inScope(server.platform.knex, { orgId }, (tx) => tx('outbox_events').orderBy('id').select<{ type: string; payload: unknown }[]>('type', 'payload'));

describe('POST /v1/test/calls', () => {
  let record: Record<string, any>;

  beforeAll(async () => {
    const res = await call(server.url, 'POST', '/v1/test/calls', { body: { agent_id: inboundAgent, caller_turns: SCRIPT, caller_number: CALLER }, creds: clinic.creds });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    record = res.body;
  });

  it('returns the finished call record built by the pipeline', () => {
    expect(record).toMatchObject({ object: 'call', direction: 'inbound', status: 'ended', test_mode: true, livemode: false, connector: 'simulator', agent_id: inboundAgent, from_number: CALLER });
    expect(record.ended_at).not.toBeNull();
    expect(record.duration_seconds).toBeGreaterThan(0);
    const roles = record.transcript.map((t: { role: string }) => t.role);
    expect(roles[0]).toBe('agent');
    expect(record.transcript[0].text).toBe(agentBody().first_message);
    expect(roles.filter((r: string) => r === 'caller')).toHaveLength(SCRIPT.length);
    expect(record.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['created', 'test_call', 'analyzed']));
  });

  it('checked availability, then booked the accepted slot', async () => {
    expect(record.tool_calls.map((t: { name: string }) => t.name)).toEqual(['check_availability', 'book_appointment']);
    expect(record.tool_calls.every((t: { ok: boolean }) => t.ok)).toBe(true);
    expect(record.tool_calls[0].result).toMatch(/Times: \d{4}-\d{2}-\d{2}T/);
    expect(record.outcome).toBe('booked');
    const bookings = await call(server.url, 'GET', `/v1/bookings?patient_phone=${encodeURIComponent(CALLER)}`, { creds: clinic.creds, headers: TEST_MODE });
    expect(bookings.body.data).toHaveLength(1);
    expect(bookings.body.data[0]).toMatchObject({ status: 'confirmed', source: 'voice', service_id: clinic.serviceId });
    // "Next Tuesday morning", first offered slot: a Tuesday at 9:00 in the clinic's zone.
    const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: 'numeric', hour12: false }).format(new Date(bookings.body.data[0].starts_at));
    expect(local).toBe('Tue, 09');
  });

  it('analysed the call and scored the lead on its contact', async () => {
    expect(record.analysis_status).toBe('completed');
    expect(record.analysis).toMatchObject({ intent: 'book_appointment', analyzer: 'heuristic' });
    expect(record.lead_score).toBe(record.analysis.lead_score);
    expect(record.lead_score).toBeGreaterThan(50);
    const contact = await call(server.url, 'GET', `/v1/contacts/${record.contact_id}`, { creds: clinic.creds, headers: TEST_MODE });
    expect(contact.status).toBe(200);
    expect(contact.body).toMatchObject({ phone: CALLER, call_count: 1, lead_score: record.lead_score });
    expect(contact.body.recent_calls.map((c: { id: string }) => c.id)).toEqual([record.id]);
  });

  it('emitted call.started, call.ended, call.analyzed and contact.created, without PHI', async () => {
    const events = await outbox(clinic.tenant.orgId);
    const forCall = events.filter((e) => JSON.stringify(e.payload).includes(record.id)).map((e) => e.type);
    expect(forCall).toEqual(expect.arrayContaining(['call.started', 'call.ended', 'call.analyzed']));
    expect(forCall.filter((t) => t === 'call.ended')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'contact.created' && JSON.stringify(e.payload).includes(record.contact_id))).toHaveLength(1);
    const all = JSON.stringify(events);
    expect(all).not.toContain(MEMBER_ID);
    expect(all).not.toContain(CALLER);
  });

  it('redacted the member id everywhere it could surface', async () => {
    expect(JSON.stringify(record)).not.toContain(MEMBER_ID);
    const list = await call(server.url, 'GET', '/v1/calls', { creds: clinic.creds, headers: TEST_MODE });
    expect(JSON.stringify(list.body)).not.toContain(MEMBER_ID);
    expect(server.logs.join('')).not.toContain(MEMBER_ID);
    const stored = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('calls').where({ id: record.id }).first());
    expect(JSON.stringify(stored)).not.toContain(MEMBER_ID);
    expect(stored.original_enc).toBeNull();
  });

  it('is test data: live mode neither lists it nor reads it', async () => {
    expect((await call(server.url, 'GET', `/v1/calls/${record.id}`, { creds: clinic.creds })).status).toBe(404);
    const liveList = await call(server.url, 'GET', '/v1/calls', { creds: clinic.creds });
    expect(liveList.body.data.map((c: { id: string }) => c.id)).not.toContain(record.id);
    const liveBookings = await call(server.url, 'GET', `/v1/bookings?patient_phone=${encodeURIComponent(CALLER)}`, { creds: clinic.creds });
    expect(liveBookings.body.data).toEqual([]);
  });

  it('lists the call with filters', async () => {
    const booked = await call(server.url, 'GET', `/v1/calls?outcome=booked&agent_id=${inboundAgent}`, { creds: clinic.creds, headers: TEST_MODE });
    expect(booked.body.data.map((c: { id: string }) => c.id)).toContain(record.id);
    const none = await call(server.url, 'GET', '/v1/calls?direction=outbound&outcome=booked', { creds: clinic.creds, headers: TEST_MODE });
    expect(none.body.data.map((c: { id: string }) => c.id)).not.toContain(record.id);
  });

  it('re-runs the analysis on demand', async () => {
    const res = await call(server.url, 'POST', `/v1/calls/${record.id}/analyze`, { creds: clinic.creds, headers: TEST_MODE });
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.analysis.analyzed_at)).toBeGreaterThan(Date.parse(record.analysis.analyzed_at));
    expect(res.body.timeline.filter((e: { type: string }) => e.type === 'analyzed')).toHaveLength(2);
  });
});

describe('test call modes and errors', () => {
  it('wait:false answers 202 at once and the conversation completes in the background', async () => {
    const res = await call(server.url, 'POST', '/v1/test/calls', { body: { agent_id: inboundAgent, caller_turns: ['Do you take Delta Dental insurance?', 'Bye'], wait: false }, creds: clinic.creds });
    expect(res.status).toBe(202);
    expect(res.body.status).not.toBe('ended');
    const done = await eventually(async () => {
      const c = await call(server.url, 'GET', `/v1/calls/${res.body.id}`, { creds: clinic.creds, headers: TEST_MODE });
      return c.body.status === 'ended' && c.body.analysis_status !== 'pending' && c.body;
    }, 30_000, 'the background call to end');
    // The knowledge base has not landed: the tool answers an error, never a made-up answer.
    const lookup = done.tool_calls.find((t: { name: string }) => t.name === 'lookup_knowledge');
    expect(lookup).toMatchObject({ ok: false });
  });

  it('an outbound agent talks to the scripted callee', async () => {
    const res = await call(server.url, 'POST', '/v1/test/calls', { body: { agent_id: outboundAgent }, creds: clinic.creds });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ direction: 'outbound', status: 'ended', to_number: '+15555550123' });
    expect(res.body.transcript.some((t: { role: string }) => t.role === 'caller')).toBe(true);
  });

  it('refuses an inbound test call without caller turns, an unknown agent and a viewer', async () => {
    const noTurns = await call(server.url, 'POST', '/v1/test/calls', { body: { agent_id: inboundAgent }, creds: clinic.creds });
    expect(noTurns.status).toBe(422);
    expect(noTurns.body.code).toBe('caller_turns_required');
    const unknown = await call(server.url, 'POST', '/v1/test/calls', { body: { agent_id: 'agt_00000000000000000000000000', caller_turns: ['hi'] }, creds: clinic.creds });
    expect(unknown.status).toBe(404);
    const bad = await call(server.url, 'POST', '/v1/test/calls', { body: { agent_id: inboundAgent, caller_turns: [] }, creds: clinic.creds });
    expect(bad.status).toBe(400);
    const key = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'read only', scopes: ['read'] }, creds: clinic.creds });
    const readOnly = await call(server.url, 'POST', '/v1/test/calls', { body: { agent_id: inboundAgent, caller_turns: ['hi'] }, creds: { apiKey: key.body.secret } });
    expect(readOnly.status).toBe(403);
  });
});
