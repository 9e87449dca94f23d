/**
 * Outbound work whose job was lost is found again by the sweep: a due call that was never placed gets
 * dialled, a running campaign gets its tick; a call whose job may still be on its way is left alone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../support/index.ts';
import { newId } from '../../src/platform/ids.ts';
import { sweepOutbound } from '../../src/modules/outbound/recovery.ts';
import { db, getCall, NO_RATE_LIMITS, outboundOrg, patientNumber, quietHoursAway, untilCallSettles, until, type OutboundOrg } from '../api/outbound-support.ts';

let server: TestServer;
let org: OutboundOrg;

beforeAll(async () => {
  server = await startTestServer({ env: NO_RATE_LIMITS });
  org = await outboundOrg(server);
  // The dial job keeps quiet hours: far from now, so the swept call is dialled whenever CI runs.
  await quietHoursAway(server, org);
});

afterAll(async () => {
  await server?.close();
});

/** A call scheduled for tomorrow whose delayed dial job is then lost, made due now. */
async function lostCall(lastTouchedMsAgo: number): Promise<string> {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  const placed = await call(server.url, 'POST', '/v1/calls', { body: { agent_id: org.agentId, to: patientNumber(), scheduled_at: tomorrow }, creds: org.key });
  expect(placed.status).toBe(201);
  expect(await server.platform.queue.remove(`dial-${placed.body.id}`)).toBe(true);
  await db(server, org.tenant.orgId, (tx) =>
    tx('calls').where({ id: placed.body.id }).update({ scheduled_at: new Date(Date.now() - 60_000), updated_at: new Date(Date.now() - lastTouchedMsAgo) }),
  );
  return placed.body.id;
}

it('dials a due call whose job was lost, ticks running campaigns, and leaves fresh calls alone', async () => {
  const stale = await lostCall(10 * 60_000);
  const fresh = await lostCall(0);
  const campaignId = await db(server, org.tenant.orgId, async (tx) => {
    const [row] = await tx('campaigns')
      .insert({ id: newId('campaign'), org_id: org.tenant.orgId, name: 'Lost tick', agent_id: org.agentId, max_concurrency: 1, max_attempts: 1, retry_backoff_seconds: 60, quiet_hours_start: '00:00', quiet_hours_end: '00:00', default_timezone: 'UTC' })
      .returning('id');
    return row.id as string;
  });

  const swept = await sweepOutbound(server.platform);
  expect(swept.dials).toBeGreaterThanOrEqual(1);

  const settled = await untilCallSettles(server, org, stale);
  expect(settled.status).toBe('ended');
  // A campaign with nothing left to call completes on its first tick.
  await until(() => call(server.url, 'GET', `/v1/campaigns/${campaignId}`, { creds: org.key }), (r) => r.body.status === 'completed', 'the campaign tick');
  expect((await getCall(server, org, fresh)).status).toBe('scheduled');
});
