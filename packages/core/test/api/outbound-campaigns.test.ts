import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../support/index.ts';
import { enqueueCampaignTick } from '../../src/modules/outbound/queue.ts';
import { agentBody, publishAndWait } from './voice.helpers.ts';
import { NO_RATE_LIMITS, count, db, outboundOrg, patientNumber, until, utcHhmm, type OutboundOrg } from './outbound-support.ts';

/**
 * Campaigns end to end on the simulator: the simulated callee decides by its number (...0001 never
 * answers), the webhook ingest ends each call, and the tick settles targets and dials the next ones.
 *
 * Time is driven, not waited for: a retry is due `retry_backoff_seconds` (at least 60 s) after a missed
 * call, so the test checks the computed next_attempt_at, then moves it to now in the database and asks
 * for a tick itself (the tick's own safety poll is 30 s). Everything else happens through the API and jobs.
 */
let server: TestServer;
let org: OutboundOrg;

beforeAll(async () => {
  server = await startTestServer({ env: NO_RATE_LIMITS });
  org = await outboundOrg(server, 'Campaign Clinic');
});

afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown, o: OutboundOrg = org) => call(server.url, method, path, { body, creds: o.key });

/** Consent granted unless `extra` says otherwise: campaigns call only contacts who granted it. */
async function contact(phone: string, extra: Record<string, unknown> = {}, o: OutboundOrg = org): Promise<string> {
  const res = await api('POST', '/v1/contacts', { phone, consent_status: 'granted', ...extra }, o);
  if (res.status !== 201) throw new Error(`contact: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** Quiet hours that cannot start during this test (two to three hours from now, UTC). */
const farQuiet = () => ({ start: utcHhmm(Date.now() + 2 * 3_600_000), end: utcHhmm(Date.now() + 3 * 3_600_000) });

async function targets(campaignId: string) {
  return (await api('GET', `/v1/campaigns/${campaignId}/targets?limit=100`)).body.data as Record<string, any>[];
}

/** Polls the campaign's targets, asking for a tick each time (ticks are bucketed, so this costs little). */
function settle(campaignId: string, done: (t: Record<string, any>[]) => boolean, what: string) {
  return until(
    async () => {
      await enqueueCampaignTick(server.platform, org.tenant.orgId, campaignId);
      await new Promise((r) => setTimeout(r, 200));
      return targets(campaignId);
    },
    done,
    what,
    120_000,
  );
}

/** Moves every waiting retry of the campaign to now, as if its backoff had passed. */
async function fastForward(campaignId: string) {
  await db(server, org.tenant.orgId, (tx) => tx('campaign_targets').where({ campaign_id: campaignId, status: 'pending' }).update({ next_attempt_at: tx.fn.now() }));
}

const gapSeconds = (t: Record<string, any>) => (Date.parse(t.next_attempt_at) - Date.parse(t.updated_at)) / 1000;

describe('creating a campaign', () => {
  it('refuses bad input, each with its code, and writes nothing', async () => {
    const ok = await contact(patientNumber());
    const inbound = await api('POST', '/v1/agents', agentBody({ kind: 'inbound' }));
    await publishAndWait(server.url, org.tenant.adminKey, inbound.body.id);
    const other = await outboundOrg(server, 'Other Clinic');
    const foreign = await contact(patientNumber(), {}, other);

    const before = { campaigns: await count(server, org.tenant.orgId, 'campaigns'), targets: await count(server, org.tenant.orgId, 'campaign_targets') };
    const base = { name: 'Recall', agent_id: org.agentId, contact_ids: [ok] };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, contact_ids: [ok, 'ctc_01J00000000000000000000000'] }, 404, 'not_found'],
      [{ ...base, contact_ids: [foreign] }, 404, 'not_found'],
      [{ ...base, agent_id: inbound.body.id }, 422, 'agent_not_outbound'],
      [{ ...base, default_timezone: 'Mars/Olympus_Mons' }, 400, 'validation_failed'],
      [{ ...base, contact_ids: [] }, 400, 'validation_failed'],
      [{ ...base, retry_backoff_seconds: 5 }, 400, 'validation_failed'],
      [{ ...base, quiet_hours: { start: '25:00', end: '09:00' } }, 400, 'validation_failed'],
      [{ ...base, max_attempts: 11 }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await api('POST', '/v1/campaigns', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.code, JSON.stringify(body)).toBe(code);
    }
    const missing = await api('POST', '/v1/campaigns', cases[0]![0]);
    expect(missing.body.missing_contact_ids).toEqual(['ctc_01J00000000000000000000000']);
    expect({ campaigns: await count(server, org.tenant.orgId, 'campaigns'), targets: await count(server, org.tenant.orgId, 'campaign_targets') }).toEqual(before);
  });

  it('takes defaults from the org and the agent', async () => {
    const res = await api('POST', '/v1/campaigns', { name: 'Defaults', agent_id: org.agentId, contact_ids: [await contact(patientNumber())] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'campaign',
      status: 'running',
      max_concurrency: 2,
      max_attempts: 3,
      retry_backoff_seconds: 3600,
      quiet_hours: { start: '20:00', end: '09:00' },
      default_timezone: 'America/New_York',
      phone_number_id: null,
      completed_at: null,
      progress: { total: 1, pending: 1, dialing: 0, completed: 0, failed: 0, skipped: 0, cancelled: 0 },
    });
    await api('POST', `/v1/campaigns/${res.body.id}/cancel`);
  });
});

describe('a campaign end to end on the simulator', () => {
  it('skips, completes, retries no-answers with backoff, fails them after max_attempts, completes once', async () => {
    const phones = { noAnswer: patientNumber('0001'), a: patientNumber(), b: patientNumber(), listed: patientNumber(), revoked: patientNumber() };
    const ids = {
      noAnswer: await contact(phones.noAnswer),
      a: await contact(phones.a),
      b: await contact(phones.b, { consent_status: 'granted' }),
      listed: await contact(phones.listed),
      revoked: await contact(phones.revoked, { consent_status: 'revoked' }),
    };
    await api('POST', '/v1/dnc', { phone: phones.listed });

    const created = await api('POST', '/v1/campaigns', {
      name: 'Spring recall',
      agent_id: org.agentId,
      phone_number_id: org.phoneNumberId,
      contact_ids: Object.values(ids),
      max_attempts: 3,
      retry_backoff_seconds: 60,
      max_concurrency: 2,
      quiet_hours: farQuiet(),
      default_timezone: 'UTC',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.progress).toMatchObject({ total: 5, skipped: 2 });
    const byContact = (ts: Record<string, any>[], contactId: string) => ts.find((t) => t.contact_id === contactId)!;

    // First pass: two answer, one rings out and waits 60 s for its retry.
    let ts = await settle(
      id,
      (t) => byContact(t, ids.a).status === 'completed' && byContact(t, ids.b).status === 'completed' && byContact(t, ids.noAnswer).attempts === 1 && byContact(t, ids.noAnswer).status === 'pending',
      'the first pass',
    );
    expect(byContact(ts, ids.listed)).toMatchObject({ status: 'skipped_dnc', attempts: 0, last_result: 'dnc_listed', last_call_id: null });
    expect(byContact(ts, ids.revoked)).toMatchObject({ status: 'skipped_consent', attempts: 0, last_result: 'consent_revoked' });
    expect(byContact(ts, ids.a)).toMatchObject({ attempts: 1, timezone: 'UTC' });
    let missed = byContact(ts, ids.noAnswer);
    expect(missed.last_result).toBe('customer-did-not-answer');
    expect(gapSeconds(missed)).toBeGreaterThan(55);
    expect(gapSeconds(missed)).toBeLessThan(65);

    // Second attempt, after the first backoff: the wait doubles.
    await fastForward(id);
    ts = await settle(id, (t) => byContact(t, ids.noAnswer).attempts === 2 && byContact(t, ids.noAnswer).status === 'pending', 'the second attempt');
    missed = byContact(ts, ids.noAnswer);
    expect(gapSeconds(missed)).toBeGreaterThan(115);
    expect(gapSeconds(missed)).toBeLessThan(125);

    // Third and last attempt: failed, and the campaign is done.
    await fastForward(id);
    ts = await settle(id, (t) => byContact(t, ids.noAnswer).status === 'failed', 'the last attempt');
    expect(byContact(ts, ids.noAnswer)).toMatchObject({ attempts: 3, last_result: 'customer-did-not-answer' });

    const done = await until(() => api('GET', `/v1/campaigns/${id}`).then((r) => r.body), (c) => c.status === 'completed', 'the campaign to complete');
    const progress = { total: 5, pending: 0, dialing: 0, completed: 2, failed: 1, skipped: 2, cancelled: 0 };
    expect(done.progress).toEqual(progress);
    expect(done.completed_at).not.toBeNull();

    // Every call of the campaign is on record: one per attempt.
    expect(await count(server, org.tenant.orgId, 'calls', { campaign_id: id })).toBe(5);
    const unanswered = await db(server, org.tenant.orgId, (tx) => tx('calls').where({ campaign_id: id, to_number: phones.noAnswer }).select('status', 'ended_reason'));
    expect(unanswered).toEqual(Array(3).fill({ status: 'ended', ended_reason: 'customer-did-not-answer' }));

    // Exactly one campaign.completed, however many ticks run afterwards.
    for (let i = 0; i < 3; i++) await enqueueCampaignTick(server.platform, org.tenant.orgId, id, i * 2_500);
    await new Promise((r) => setTimeout(r, 8_000));
    const events = await db(server, org.tenant.orgId, (tx) => tx('outbox_events').where({ type: 'campaign.completed' }).select('payload'));
    const mine = events.map((e: { payload: any }) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload)).filter((p) => p.campaign_id === id);
    expect(mine).toEqual([{ campaign_id: id, progress }]);

    for (const move of ['pause', 'resume', 'cancel']) {
      const res = await api('POST', `/v1/campaigns/${id}/${move}`);
      expect(res.status, move).toBe(409);
      expect(res.body.code).toBe('campaign_state');
    }
  });
});

describe('quiet hours and moves', () => {
  it('waits out quiet hours in each contact\'s own time zone; pause, resume and cancel move only where allowed', async () => {
    const now = Date.now();
    // Quiet from an hour ago to an hour from now, on each contact's wall clock: true in UTC, not in Tokyo.
    const quiet = { start: utcHhmm(now - 3_600_000), end: utcHhmm(now + 3_600_000) };
    const sleeper = await contact(patientNumber());
    const tokyo = await contact(patientNumber(), { timezone: 'Asia/Tokyo' });
    const created = await api('POST', '/v1/campaigns', { name: 'Quiet', agent_id: org.agentId, contact_ids: [sleeper, tokyo], quiet_hours: quiet, default_timezone: 'UTC', retry_backoff_seconds: 60 });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const ts = await settle(id, (t) => t.find((x) => x.contact_id === tokyo)!.status === 'completed', 'the Tokyo contact to be called');
    const waiting = ts.find((t) => t.contact_id === sleeper)!;
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0, last_call_id: null, timezone: 'UTC' });
    // Moved to the end of quiet hours, the minute the window ends.
    expect(Date.parse(waiting.next_attempt_at)).toBe(Math.floor((now + 3_600_000) / 60_000) * 60_000);
    expect(ts.find((t) => t.contact_id === tokyo)!.timezone).toBe('Asia/Tokyo');

    const move = (m: string) => api('POST', `/v1/campaigns/${id}/${m}`);
    const expectState = async (m: string, status: number, campaignStatus?: string) => {
      const res = await move(m);
      expect(res.status, m).toBe(status);
      if (status === 409) expect(res.body).toMatchObject({ code: 'campaign_state' });
      else expect(res.body.status).toBe(campaignStatus);
    };
    await expectState('resume', 409);
    await expectState('pause', 200, 'paused');
    await expectState('pause', 409);
    expect((await api('GET', `/v1/campaigns?status=paused&limit=100`)).body.data.map((c: { id: string }) => c.id)).toContain(id);
    await expectState('resume', 200, 'running');
    await expectState('cancel', 200, 'cancelled');
    await expectState('cancel', 409);
    await expectState('resume', 409);
    await expectState('pause', 409);

    // The contact still waiting is cancelled; the one already called keeps its result.
    const final = await targets(id);
    expect(final.find((t) => t.contact_id === sleeper)!.status).toBe('cancelled');
    expect(final.find((t) => t.contact_id === tokyo)!.status).toBe('completed');
    const campaign = (await api('GET', `/v1/campaigns/${id}`)).body;
    expect(campaign).toMatchObject({ status: 'cancelled', completed_at: null, progress: { total: 2, cancelled: 1, completed: 1, pending: 0 } });
    const filtered = await api('GET', `/v1/campaigns/${id}/targets?status=cancelled`);
    expect(filtered.body.data.map((t: { contact_id: string }) => t.contact_id)).toEqual([sleeper]);
    const events = await db(server, org.tenant.orgId, (tx) => tx('outbox_events').where({ type: 'campaign.completed' }).select('payload'));
    expect(JSON.stringify(events)).not.toContain(id);

    const missing = await api('POST', '/v1/campaigns/cmp_01J00000000000000000000000/pause');
    expect(missing.status).toBe(404);
  });

  it('a target added to the do-not-call list after the campaign started is skipped when its turn comes', async () => {
    const late = patientNumber();
    const c = await contact(late);
    const now = Date.now();
    // In quiet hours now, so it is not dialled before the number is listed.
    const created = await api('POST', '/v1/campaigns', { name: 'Late DNC', agent_id: org.agentId, contact_ids: [c], default_timezone: 'UTC', quiet_hours: { start: utcHhmm(now - 3_600_000), end: utcHhmm(now + 3_600_000) } });
    const id = created.body.id as string;
    await settle(id, (t) => Date.parse(t[0]!.next_attempt_at) > Date.now(), 'the target to wait out quiet hours');
    await api('POST', '/v1/dnc', { phone: late });
    await fastForward(id);
    const ts = await settle(id, (t) => t[0]!.status !== 'pending', 'the target to be settled');
    expect(ts[0]).toMatchObject({ status: 'skipped_dnc', attempts: 0, last_result: 'dnc_listed' });
    const done = await until(() => api('GET', `/v1/campaigns/${id}`).then((r) => r.body), (x) => x.status === 'completed', 'the campaign to complete');
    expect(done.progress).toMatchObject({ total: 1, skipped: 1 });
    expect(await count(server, org.tenant.orgId, 'calls', { campaign_id: id })).toBe(0);
  });
});
