import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoiceConnector } from '@voxanne/connector-kit';
import { call, startTestServer, type TestServer } from '../support/index.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { runDial } from '../../src/modules/outbound/dial.ts';
import { agentBody, publishAndWait } from './voice.helpers.ts';
import { NO_RATE_LIMITS, count, db, getCall, outboundOrg as newOutboundOrg, patientNumber, quietHoursAway, until, untilCallSettles, type OutboundOrg } from './outbound-support.ts';

/**
 * POST /v1/calls and its cancel, on the simulator. Every refusal leaves nothing behind (no call, no
 * contact, no job), and the do-not-call list and consent are checked again when the call is dialled.
 */
let server: TestServer;
let org: OutboundOrg;

/** An org whose quiet hours are far from now: these tests are about placing calls, not about when. */
async function outboundOrg(s: TestServer, name?: string): Promise<OutboundOrg> {
  const o = await newOutboundOrg(s, name);
  await quietHoursAway(s, o);
  return o;
}

beforeAll(async () => {
  server = await startTestServer({ env: NO_RATE_LIMITS });
  org = await outboundOrg(server);
});

afterAll(async () => {
  await server?.close();
});

const place = (body: Record<string, unknown>, o: OutboundOrg = org) => call(server.url, 'POST', '/v1/calls', { body, creds: o.key });

async function writes(o: OutboundOrg = org) {
  const orgId = o.tenant.orgId;
  return { calls: await count(server, orgId, 'calls'), contacts: await count(server, orgId, 'contacts'), events: await count(server, orgId, 'call_events') };
}

describe('creating an outbound call', () => {
  it('refuses what cannot be called, each with its code, and writes nothing', async () => {
    const inbound = await call(server.url, 'POST', '/v1/agents', { body: agentBody({ kind: 'inbound' }), creds: org.key });
    await publishAndWait(server.url, org.tenant.adminKey, inbound.body.id);
    const unpublished = await call(server.url, 'POST', '/v1/agents', { body: agentBody({ kind: 'outbound', name: 'Draft caller' }), creds: org.key });
    const listed = patientNumber();
    expect((await call(server.url, 'POST', '/v1/dnc', { body: { phone: listed, reason: 'asked on the phone' }, creds: org.key })).status).toBe(201);
    const revoked = patientNumber();
    expect((await call(server.url, 'POST', '/v1/contacts', { body: { phone: revoked, consent_status: 'revoked' }, creds: org.key })).status).toBe(201);

    const before = await writes();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ agent_id: inbound.body.id, to: patientNumber() }, 422, 'agent_not_outbound'],
      [{ agent_id: unpublished.body.id, to: patientNumber() }, 422, 'agent_not_published'],
      [{ agent_id: org.agentId, to: listed }, 422, 'dnc_listed'],
      [{ agent_id: org.agentId, to: revoked }, 422, 'consent_revoked'],
      [{ agent_id: org.agentId, to: '555-0100' }, 400, 'validation_failed'],
      [{ agent_id: org.agentId }, 400, 'validation_failed'],
      [{ agent_id: org.agentId, to: patientNumber(), metadata: { 'bad key': 'x' } }, 400, 'validation_failed'],
      [{ agent_id: 'agt_01J00000000000000000000000', to: patientNumber() }, 404, 'not_found'],
      [{ agent_id: org.agentId, to: patientNumber(), phone_number_id: 'num_01J00000000000000000000000' }, 404, 'not_found'],
    ];
    for (const [body, status, code] of cases) {
      const res = await place(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code, JSON.stringify(body)).toBe(code);
    }
    expect(await writes()).toEqual(before);
  });

  it('refuses an outbound agent that has no number to call from', async () => {
    const bare = await call(server.url, 'POST', '/v1/agents', { body: agentBody({ kind: 'outbound', name: 'No line' }), creds: org.key });
    await publishAndWait(server.url, org.tenant.adminKey, bare.body.id);
    const before = await writes();
    const res = await place({ agent_id: bare.body.id, to: patientNumber() });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('no_phone_number');
    expect(await writes()).toEqual(before);
  });

  it('places a call now: queued, with its contact, then dialled and played on the simulator', async () => {
    const to = patientNumber();
    const res = await place({ agent_id: org.agentId, to, metadata: { crm_id: 'abc-123' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'call',
      direction: 'outbound',
      status: 'queued',
      connector: 'simulator',
      test_mode: true,
      agent_id: org.agentId,
      phone_number_id: org.phoneNumberId,
      to_number: to,
      campaign_id: null,
      metadata: { crm_id: 'abc-123' },
    });
    expect(res.body.contact_id).toMatch(/^ctc_/);
    expect(res.body.timeline.map((e: { type: string }) => e.type)).toEqual(['created']);
    const contact = await call(server.url, 'GET', `/v1/contacts/${res.body.contact_id}`, { creds: org.key });
    expect(contact.body.phone).toBe(to);

    const dialled = await until(() => getCall(server, org, res.body.id), (c) => c.timeline.some((e: { type: string }) => e.type === 'dialed'), 'the dial');
    expect(dialled.failure_reason).toBeNull();
    const external = await db(server, org.tenant.orgId, (tx) => tx('calls').where({ id: res.body.id }).first('external_call_id'));
    expect(external.external_call_id).toMatch(/^sim_call/);
    // The simulated callee answers (number not ending 0001-0003) and the webhook ingest ends the call.
    const ended = await untilCallSettles(server, org, res.body.id);
    expect(ended.status).toBe('ended');
  });
});

describe('checks at dial time', () => {
  it('a scheduled call whose number joins the do-not-call list is never dialled', async () => {
    const to = patientNumber();
    const scheduledAt = new Date(Date.now() + 4_000).toISOString();
    const res = await place({ agent_id: org.agentId, to, scheduled_at: scheduledAt });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('scheduled');
    expect(res.body.scheduled_at).toBe(scheduledAt);
    expect((await call(server.url, 'POST', '/v1/dnc', { body: { phone: to }, creds: org.key })).status).toBe(201);

    const settled = await untilCallSettles(server, org, res.body.id);
    expect(settled).toMatchObject({ status: 'failed', failure_reason: 'dnc_listed' });
    const types = settled.timeline.map((e: { type: string }) => e.type);
    expect(types).toContain('skipped');
    expect(types).not.toContain('dialed');
    const row = await db(server, org.tenant.orgId, (tx) => tx('calls').where({ id: res.body.id }).first('external_call_id'));
    expect(row.external_call_id).toBeNull();
  });

  it('a scheduled call to a contact who revokes consent meanwhile is never dialled', async () => {
    const to = patientNumber();
    const res = await place({ agent_id: org.agentId, to, scheduled_at: new Date(Date.now() + 4_000).toISOString() });
    expect(res.status).toBe(201);
    const patched = await call(server.url, 'PATCH', `/v1/contacts/${res.body.contact_id}`, { body: { consent_status: 'revoked' }, creds: org.key });
    expect(patched.status).toBe(200);
    const settled = await untilCallSettles(server, org, res.body.id);
    expect(settled).toMatchObject({ status: 'failed', failure_reason: 'consent_revoked' });
  });
});

describe('cancelling', () => {
  it('cancels a scheduled call, once; a call already placed cannot be', async () => {
    const res = await place({ agent_id: org.agentId, to: patientNumber(), scheduled_at: new Date(Date.now() + 3_600_000).toISOString() });
    const cancelled = await call(server.url, 'POST', `/v1/calls/${res.body.id}/cancel`, { creds: org.key });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'cancelled']);
    // The delayed dial job is gone.
    expect(await server.platform.queue.remove(`dial-${res.body.id}`)).toBe(false);

    const again = await call(server.url, 'POST', `/v1/calls/${res.body.id}/cancel`, { creds: org.key });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('call_not_cancellable');

    const now = await place({ agent_id: org.agentId, to: patientNumber() });
    await until(() => getCall(server, org, now.body.id), (c) => c.status !== 'queued' || c.timeline.some((e: { type: string }) => e.type === 'dialed'), 'the dial');
    const late = await call(server.url, 'POST', `/v1/calls/${now.body.id}/cancel`, { creds: org.key });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('call_not_cancellable');

    const missing = await call(server.url, 'POST', '/v1/calls/cll_01J00000000000000000000000/cancel', { creds: org.key });
    expect(missing.status).toBe(404);
  });
});

describe('the org concurrency cap', () => {
  it('never has more calls on the line than outbound_concurrency, and dials them all in the end', async () => {
    const capped = await outboundOrg(server, 'Capped Clinic');
    const orgId = capped.tenant.orgId;
    const settings = await call(server.url, 'PATCH', '/v1/call-settings', { body: { outbound_concurrency: 2 }, creds: capped.key });
    expect(settings.status).toBe(200);

    const N = 7;
    const created = await Promise.all(Array.from({ length: N }, () => place({ agent_id: capped.agentId, to: patientNumber() }, capped)));
    expect(created.map((r) => r.status)).toEqual(Array(N).fill(201));
    const ids = created.map((r) => r.body.id as string);

    // Sample the line while the batch runs: the dial lock makes "count, then dial" atomic per org.
    let peak = 0;
    const active = () =>
      db(server, orgId, (tx) =>
        tx('calls')
          .where({ direction: 'outbound' })
          .where((q) => q.whereIn('status', ['ringing', 'in-progress', 'forwarding']).orWhere((w) => w.where({ status: 'queued' }).whereNotNull('external_call_id')))
          .count<{ n: number | string }[]>('* as n'),
      ).then(([r]) => Number(r?.n ?? 0));
    await until(
      async () => {
        peak = Math.max(peak, await active());
        return count(server, orgId, 'calls', { status: 'ended' });
      },
      (n) => n === N,
      'every capped call to end',
      120_000,
    );
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThanOrEqual(1);
    // The cap really held some back: they waited for a line, then were dialled.
    const waited = await db(server, orgId, (tx) => tx('call_events').whereIn('call_id', ids).where({ type: 'waiting' }).countDistinct<{ n: number | string }[]>('call_id as n'));
    expect(Number(waited[0]?.n)).toBeGreaterThanOrEqual(1);
    const dialled = await db(server, orgId, (tx) => tx('calls').whereIn('id', ids).whereNotNull('external_call_id').count<{ n: number | string }[]>('* as n'));
    expect(Number(dialled[0]?.n)).toBe(N);
  });

  it('two dials racing for the last free line: one gets it, the other waits', async () => {
    const tight = await outboundOrg(server, 'One Line Clinic');
    const orgId = tight.tenant.orgId;
    await call(server.url, 'PATCH', '/v1/call-settings', { body: { outbound_concurrency: 1 }, creds: tight.key });
    // Hold the line with a call that stays in progress (as if a patient were still talking).
    const first = await place({ agent_id: tight.agentId, to: patientNumber() }, tight);
    await until(() => getCall(server, tight, first.body.id), (c) => c.timeline.some((e: { type: string }) => e.type === 'dialed'), 'the first dial');
    await untilCallSettles(server, tight, first.body.id);
    await db(server, orgId, (tx) => tx('calls').where({ id: first.body.id }).update({ status: 'in-progress' }));

    const racing = await Promise.all([0, 1, 2].map(() => place({ agent_id: tight.agentId, to: patientNumber() }, tight)));
    const ids = racing.map((r) => r.body.id as string);
    await until(
      () => db(server, orgId, (tx) => tx('call_events').whereIn('call_id', ids).where({ type: 'waiting' }).countDistinct<{ n: number | string }[]>('call_id as n')),
      (rows) => Number(rows[0]?.n) === 3,
      'all three to wait for the busy line',
      // Generous: on a loaded CI box with PGlite's single connection, three dials can take a while to all run.
      120_000,
    );
    expect(await count(server, orgId, 'call_events', { type: 'dialed' })).toBe(1);

    // The line frees up: the three go one at a time.
    await db(server, orgId, (tx) => tx('calls').where({ id: first.body.id }).update({ status: 'ended' }));
    for (const id of ids) await untilCallSettles(server, tight, id).then((c) => expect(c.status).toBe('ended'));
    // The wait above allows 120 s on a loaded box; the test's own limit must leave room for it.
  }, 180_000);

  it('dials that run at the same moment cannot both take the last line (the org dial lock)', async () => {
    const locked = await outboundOrg(server, 'Lock Clinic');
    const orgId = locked.tenant.orgId;
    // A vendor that takes a while to answer, and callees that never hang up: without the lock, every dial
    // would count the same free lines before any of them is recorded as placed.
    const real = server.platform.connectors;
    const slow = (v: VoiceConnector): VoiceConnector => ({
      ...v,
      startCall: async (input) => {
        await new Promise((r) => setTimeout(r, 300));
        return v.startCall(input);
      },
    });
    const deps: Deps = {
      ...server.platform,
      connectors: {
        ...real,
        voice: async (o, id) => slow(await real.voice(o, id)),
        simulation: async (o) => ({ ...(await real.simulation(o)), play: () => new Promise(() => {}) }),
      },
    };
    // Scheduled an hour out, so only the dials run here touch them now.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const created = await Promise.all([0, 1, 2, 3, 4].map(() => place({ agent_id: locked.agentId, to: patientNumber(), scheduled_at: later }, locked)));
    const ids = created.map((r) => r.body.id as string);
    await Promise.all(ids.map((callId, i) => runDial(deps, { id: `race-${i}`, name: 'calls.dial', attempt: 1, data: { orgId, callId } })));

    const placed = await db(server, orgId, (tx) => tx('calls').whereIn('id', ids).whereNotNull('external_call_id').select('id'));
    expect(placed).toHaveLength(2);
    const waiting = await db(server, orgId, (tx) => tx('calls').whereIn('id', ids).whereNull('external_call_id').select('id', 'status'));
    expect(waiting.map((c: { status: string }) => c.status)).toEqual(['queued', 'queued', 'queued']);
    // The three that waited would be dialled when a line frees up; cancel them so nothing lingers.
    for (const c of waiting) expect((await call(server.url, 'POST', `/v1/calls/${c.id}/cancel`, { creds: locked.key })).status).toBe(200);
  });
});
