import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../support/index.ts';
import { enqueueCampaignTick } from '../../src/modules/outbound/queue.ts';
import { runDial } from '../../src/modules/outbound/dial.ts';
import { insertOutboundCall } from '../../src/modules/outbound/outbound-call.ts';
import { outboundAgent, outboundNumber } from '../../src/modules/outbound/line.ts';
import { NO_RATE_LIMITS, count, db, outboundOrg, patientNumber, until, utcHhmm, type OutboundOrg } from './outbound-support.ts';

/**
 * Issue #10 item 22: a campaign dials only contacts whose consent is `granted` (the contract's rule). A
 * contact with `unknown` or `revoked` consent is skipped when the campaign is created, when its turn comes
 * and at the dial itself, with the reason on its target.
 */
let server: TestServer;
let org: OutboundOrg;

beforeAll(async () => {
  server = await startTestServer({ env: NO_RATE_LIMITS });
  org = await outboundOrg(server, 'Consent Clinic');
});

afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, { body, creds: org.key });

async function contact(consent: 'unknown' | 'granted' | 'revoked'): Promise<string> {
  const res = await api('POST', '/v1/contacts', { phone: patientNumber(), consent_status: consent, timezone: 'UTC' });
  if (res.status !== 201) throw new Error(`contact: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const targets = async (id: string) => (await api('GET', `/v1/campaigns/${id}/targets?limit=100`)).body.data as Record<string, any>[];

function settle(id: string, done: (t: Record<string, any>[]) => boolean, what: string) {
  return until(
    async () => {
      await enqueueCampaignTick(server.platform, org.tenant.orgId, id);
      await new Promise((r) => setTimeout(r, 200));
      return targets(id);
    },
    done,
    what,
    90_000,
  );
}

/** Quiet now (UTC contacts), so targets wait and the test decides what changes before their turn. */
const quietNow = () => ({ start: utcHhmm(Date.now() - 3_600_000), end: utcHhmm(Date.now() + 3_600_000) });
const farQuiet = () => ({ start: utcHhmm(Date.now() + 2 * 3_600_000), end: utcHhmm(Date.now() + 3 * 3_600_000) });

describe('campaigns call only contacts who granted consent', () => {
  it('skips unknown and revoked consent up front, with the reason, and calls the granted contact', async () => {
    const ids = { unknown: await contact('unknown'), revoked: await contact('revoked'), granted: await contact('granted') };
    const created = await api('POST', '/v1/campaigns', { name: 'Consent', agent_id: org.agentId, contact_ids: Object.values(ids), quiet_hours: farQuiet(), default_timezone: 'UTC' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.progress).toMatchObject({ total: 3, skipped: 2, pending: 1 });
    const id = created.body.id as string;

    const ts = await settle(id, (t) => t.find((x) => x.contact_id === ids.granted)!.status === 'completed', 'the granted contact to be called');
    const of = (contactId: string) => ts.find((t) => t.contact_id === contactId)!;
    expect(of(ids.unknown)).toMatchObject({ status: 'skipped_consent', last_result: 'consent_not_granted', attempts: 0, last_call_id: null });
    expect(of(ids.revoked)).toMatchObject({ status: 'skipped_consent', last_result: 'consent_revoked', attempts: 0, last_call_id: null });
    expect(await count(server, org.tenant.orgId, 'calls', { campaign_id: id })).toBe(1);
    const done = await until(() => api('GET', `/v1/campaigns/${id}`).then((r) => r.body), (c) => c.status === 'completed', 'the campaign to complete');
    expect(done.progress).toMatchObject({ total: 3, completed: 1, skipped: 2 });
  });

  it('skips a target whose consent went back to unknown before its turn came', async () => {
    const c = await contact('granted');
    const created = await api('POST', '/v1/campaigns', { name: 'Late unknown', agent_id: org.agentId, contact_ids: [c], quiet_hours: quietNow(), default_timezone: 'UTC' });
    expect(created.body.progress).toMatchObject({ pending: 1 });
    const id = created.body.id as string;
    await settle(id, (t) => Date.parse(t[0]!.next_attempt_at) > Date.now(), 'the target to wait out quiet hours');
    expect((await api('PATCH', `/v1/contacts/${c}`, { consent_status: 'unknown' })).status).toBe(200);
    await db(server, org.tenant.orgId, (tx) => tx('campaign_targets').where({ campaign_id: id }).update({ next_attempt_at: tx.fn.now() }));
    // Quiet hours still hold: the consent check comes first and settles the target now.
    const ts = await settle(id, (t) => t[0]!.status !== 'pending', 'the target to be settled');
    expect(ts[0]).toMatchObject({ status: 'skipped_consent', last_result: 'consent_not_granted', attempts: 0 });
    expect(await count(server, org.tenant.orgId, 'calls', { campaign_id: id })).toBe(0);
  });

  it('the dial itself refuses a campaign call whose contact no longer has granted consent', async () => {
    const c = await contact('granted');
    const created = await api('POST', '/v1/campaigns', { name: 'At the dial', agent_id: org.agentId, contact_ids: [c], quiet_hours: quietNow(), default_timezone: 'UTC' });
    const id = created.body.id as string;
    await settle(id, (t) => Date.parse(t[0]!.next_attempt_at) > Date.now(), 'the target to wait out quiet hours');
    // The tick's half happened (a call queued for the target); consent changes before the dial job runs.
    const callId = await db(server, org.tenant.orgId, async (tx) => {
      const [t] = await tx('campaign_targets').where({ campaign_id: id }).select('id', 'phone', 'contact_id');
      const agent = await outboundAgent(tx, org.agentId);
      const number = await outboundNumber(tx, org.agentId);
      const placed = await insertOutboundCall(tx, { orgId: org.tenant.orgId, connector: 'simulator', agent, number, to: t.phone, contactId: t.contact_id, campaignId: id });
      await tx('campaign_targets').where({ id: t.id }).update({ status: 'dialing', attempts: 1, last_call_id: placed.id });
      return placed.id;
    });
    expect((await api('PATCH', `/v1/contacts/${c}`, { consent_status: 'unknown' })).status).toBe(200);
    await runDial(server.platform, { id: 'manual', name: 'calls.dial', attempt: 1, data: { orgId: org.tenant.orgId, callId } });

    const placed = (await api('GET', `/v1/calls/${callId}`)).body;
    expect(placed).toMatchObject({ status: 'failed', failure_reason: 'consent_not_granted' });
    expect(placed.timeline.map((e: { type: string }) => e.type)).toContain('skipped');
    const ts = await settle(id, (t) => t[0]!.status !== 'dialing', 'the tick to settle the target');
    expect(ts[0]).toMatchObject({ status: 'skipped_consent', last_result: 'consent_not_granted' });
  });

  it('a single call to a contact with unknown consent is still allowed (a callback)', async () => {
    const to = patientNumber();
    await api('POST', '/v1/contacts', { phone: to, timezone: 'UTC' });
    const placed = await api('POST', '/v1/calls', { agent_id: org.agentId, to });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.failure_reason).toBeNull();
  });
});
