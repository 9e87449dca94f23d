import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../support/index.ts';
import { AGENT_ZONE, NO_RATE_LIMITS, db, getCall, hhmmIn, outboundOrg, patientNumber, quietHoursAway, until, utcHhmm, type OutboundOrg } from './outbound-support.ts';

/**
 * Issue #10 item 23: a single call (POST /v1/calls) keeps the org's quiet hours, read on the patient's
 * wall clock (the contact's zone, else the agent's), like a campaign does. A call asked for during quiet
 * hours is not refused: it is scheduled for the minute they end, and the answer says so (`status:
 * scheduled`, `scheduled_at`, a `deferred` timeline entry). The dial job applies the same rule again.
 */
let server: TestServer;
let org: OutboundOrg;

beforeAll(async () => {
  server = await startTestServer({ env: NO_RATE_LIMITS });
  org = await outboundOrg(server, 'Quiet Clinic');
});

afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, { body, creds: org.key });
const place = (body: Record<string, unknown>) => api('POST', '/v1/calls', { agent_id: org.agentId, ...body });
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
const HOUR = 3_600_000;

async function setQuiet(start: string, end: string) {
  const res = await api('PATCH', '/v1/call-settings', { quiet_hours: { start, end } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function contactIn(timezone?: string): Promise<string> {
  const phone = patientNumber();
  const res = await api('POST', '/v1/contacts', { phone, ...(timezone ? { timezone } : {}) });
  expect(res.status).toBe(201);
  return phone;
}

describe('a single call during quiet hours', () => {
  it('is scheduled for the end of quiet hours in the contact\'s own zone, and says so', async () => {
    const now = Date.now();
    // Quiet from an hour ago to an hour from now on a UTC wall clock; Tokyo's wall clock is outside it.
    await setQuiet(utcHhmm(now - HOUR), utcHhmm(now + HOUR));
    const sleeper = await contactIn('UTC');
    const res = await place({ to: sleeper });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('scheduled');
    expect(Date.parse(res.body.scheduled_at)).toBe(minute(now + HOUR));
    const deferred = res.body.timeline.find((e: { type: string }) => e.type === 'deferred');
    expect(deferred).toMatchObject({ status: 'scheduled', detail: 'quiet_hours' });
    const row = await db(server, org.tenant.orgId, (tx) => tx('calls').where({ id: res.body.id }).first('external_call_id', 'status'));
    expect(row).toEqual({ external_call_id: null, status: 'scheduled' });

    const tokyo = await contactIn('Asia/Tokyo');
    const awake = await place({ to: tokyo });
    expect(awake.body).toMatchObject({ status: 'queued', scheduled_at: null });
    expect(awake.body.timeline.map((e: { type: string }) => e.type)).toEqual(['created']);
  });

  it('reads a contact without a zone of its own on the agent\'s wall clock', async () => {
    const now = Date.now();
    await setQuiet(hhmmIn(now - HOUR, AGENT_ZONE), hhmmIn(now + HOUR, AGENT_ZONE));
    const res = await place({ to: await contactIn() });
    expect(res.body.status).toBe('scheduled');
    expect(Date.parse(res.body.scheduled_at)).toBe(minute(now + HOUR));
    // A number the org has never seen becomes a contact without a zone: the same rule.
    const fresh = await place({ to: patientNumber() });
    expect(fresh.body.status).toBe('scheduled');
    expect(Date.parse(fresh.body.scheduled_at)).toBe(minute(now + HOUR));
  });

  it('moves a scheduled_at that falls in quiet hours to their end, and keeps one outside them', async () => {
    const now = Date.now();
    await setQuiet(utcHhmm(now + 2 * HOUR), utcHhmm(now + 4 * HOUR));
    const to = await contactIn('UTC');
    const inside = await place({ to, scheduled_at: new Date(now + 3 * HOUR).toISOString() });
    expect(inside.body.status).toBe('scheduled');
    expect(Date.parse(inside.body.scheduled_at)).toBe(minute(now + 4 * HOUR));
    expect(inside.body.timeline.some((e: { type: string; detail: string }) => e.type === 'deferred' && e.detail === 'quiet_hours')).toBe(true);
    const outside = new Date(now + HOUR).toISOString();
    const kept = await place({ to, scheduled_at: outside });
    expect(kept.body).toMatchObject({ status: 'scheduled', scheduled_at: outside });
    expect(kept.body.timeline.map((e: { type: string }) => e.type)).toEqual(['created']);
  });

  it('the dial job keeps the rule too: quiet hours that began after the call was placed defer it', async () => {
    await quietHoursAway(server, org);
    const to = await contactIn('UTC');
    const res = await place({ to, scheduled_at: new Date(Date.now() + 3_000).toISOString() });
    expect(res.body.status).toBe('scheduled');
    const now = Date.now();
    await setQuiet(utcHhmm(now - HOUR), utcHhmm(now + HOUR));
    const deferred = await until(() => getCall(server, org, res.body.id), (c) => c.timeline.some((e: { type: string }) => e.type === 'deferred'), 'the dial job to defer the call');
    expect(deferred).toMatchObject({ status: 'scheduled', failure_reason: null });
    expect(Date.parse(deferred.scheduled_at)).toBe(minute(now + HOUR));
    const row = await db(server, org.tenant.orgId, (tx) => tx('calls').where({ id: res.body.id }).first('external_call_id'));
    expect(row.external_call_id).toBeNull();
  });
});
