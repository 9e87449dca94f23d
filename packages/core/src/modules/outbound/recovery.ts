/**
 * Outbound work whose job was lost (the in-process queue after a restart, a flushed Redis) is found again
 * by the periodic sweep: running campaigns get a tick, due calls that were never placed get a dial. Both
 * are safe to repeat — a tick reconciles from the database, and a dial re-checks the call under its lock
 * and does nothing for a call that is already placed.
 *
 * Like the inbox sweeper it must see every org, so it reads through the schema-owner connection, and it
 * reads ONLY (id, org_id) (decision 0007): the work itself runs in each org's scoped transaction.
 */
import type { Deps } from '../../platform/deps.ts';
import { CALL_JOBS } from '../calls/index.ts';
import { DIAL_ATTEMPTS, DIAL_BACKOFF_MS, enqueueCampaignTick } from './queue.ts';

/** A call placed or waiting normally is touched more often than this; older means its job is gone. */
const STALE_DIAL_MS = 120_000;
const MAX_PER_SWEEP = 5_000;

export async function sweepOutbound(deps: Deps, now = Date.now()): Promise<{ campaigns: number; dials: number }> {
  const owner = await deps.db.owner();
  const campaigns = await owner('campaigns').where({ status: 'running' }).limit(MAX_PER_SWEEP).select<{ id: string; org_id: string }[]>('id', 'org_id');
  for (const c of campaigns) await enqueueCampaignTick(deps, c.org_id, c.id);

  const calls = await owner('calls')
    .where({ direction: 'outbound' })
    .whereIn('status', ['scheduled', 'queued'])
    .whereNull('external_call_id')
    .where((q) => q.whereNull('scheduled_at').orWhere('scheduled_at', '<=', new Date(now)))
    .where('updated_at', '<', new Date(now - STALE_DIAL_MS))
    .limit(MAX_PER_SWEEP)
    .select<{ id: string; org_id: string }[]>('id', 'org_id');
  // One recovery job per call per sweep slot, so repeated sweeps do not pile up dials of one call.
  const slot = Math.floor(now / STALE_DIAL_MS);
  for (const c of calls) {
    await deps.queue.add(CALL_JOBS.dial, { orgId: c.org_id, callId: c.id }, { jobId: `dial-${c.id}-recover-${slot}`, attempts: DIAL_ATTEMPTS, backoffMs: DIAL_BACKOFF_MS });
  }
  return { campaigns: campaigns.length, dials: calls.length };
}
