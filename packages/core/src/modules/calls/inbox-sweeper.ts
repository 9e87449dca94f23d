/**
 * The inbox sweeper: finds messages whose job was lost (Redis down when the webhook stored them, a queue
 * flushed) and enqueues their job again. It runs every SWEEP_EVERY_MS and once whenever a process boots.
 *
 * It must see every org's inbox, so it reads through the schema-owner connection, and it reads ONLY
 * (id, org_id): the payload stays where it is, and processing happens in the org's own scoped transaction.
 * See docs/decisions/0007-voice-inbox-sweeper.md.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import { INBOX_JOB_OPTIONS, inboxJobId } from './inbox.ts';
import { CALL_JOBS } from './jobs.ts';
import { sweepOutbound } from '../outbound/index.ts';

export const SWEEP_EVERY_MS = 30_000;
/** Younger rows are most likely still on their way through the queue. */
export const SWEEP_MIN_AGE_MS = 20_000;
const PAGE = 500;
/** Bounds one sweep; the next one continues. */
const MAX_PER_SWEEP = 10_000;

const SWEEP_JOB_OPTIONS = { attempts: 5, backoffMs: 2_000 } as const;

export interface SweepResult {
  pending: number;
  /** Jobs actually added; the rest already had a job (waiting, running, retrying, or failed for good). */
  enqueued: number;
}

export async function sweepVoiceInbox(deps: Pick<Deps, 'db' | 'queue'>, minAgeMs = SWEEP_MIN_AGE_MS): Promise<SweepResult> {
  const owner = await deps.db.owner();
  const result: SweepResult = { pending: 0, enqueued: 0 };
  let after: string | undefined;
  while (result.pending < MAX_PER_SWEEP) {
    const query = owner('voice_inbox')
      .whereNull('processed_at')
      .whereRaw(`received_at < now() - (? * interval '1 millisecond')`, [minAgeMs])
      .orderBy('id')
      .limit(PAGE)
      .select<{ id: string; org_id: string }[]>('id', 'org_id');
    // Keyset paging (ids sort by creation), so rows whose job failed for good cannot hide the rows behind them.
    if (after) query.where('id', '>', after);
    const rows = await query;
    for (const r of rows) {
      // The same job id as the webhook's enqueue: a job that still exists makes this a no-op.
      const added = await deps.queue.add(CALL_JOBS.inbox, { orgId: r.org_id, inboxId: r.id }, { jobId: inboxJobId(r.id), ...INBOX_JOB_OPTIONS });
      if (!added.deduplicated) result.enqueued++;
    }
    result.pending += rows.length;
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
  return result;
}

/**
 * The next sweep, at the next SWEEP_EVERY_MS boundary. Its job id is the boundary, so however many
 * processes and sweeps ask, one job per boundary runs: a repeat built from delayed jobs, which both
 * queue implementations support.
 */
export async function scheduleNextSweep(deps: Pick<Deps, 'queue'>, now = Date.now()): Promise<void> {
  const slot = Math.floor(now / SWEEP_EVERY_MS) + 1;
  await deps.queue.add(CALL_JOBS.inboxSweep, {}, { jobId: `voice-inbox-sweep-${slot}`, delayMs: slot * SWEEP_EVERY_MS - now, ...SWEEP_JOB_OPTIONS });
}

/** One sweep now, e.g. when a process boots after an outage; it also restarts the chain if it broke. */
export async function sweepSoon(deps: Pick<Deps, 'queue'>): Promise<void> {
  await deps.queue.add(CALL_JOBS.inboxSweep, {}, { jobId: `voice-inbox-sweep-boot-${randomBytes(8).toString('hex')}`, ...SWEEP_JOB_OPTIONS });
}

export async function runSweepJob(deps: Deps): Promise<void> {
  try {
    const r = await sweepVoiceInbox(deps);
    if (r.enqueued) deps.logger.warn({ pending: r.pending, enqueued: r.enqueued }, 'voice inbox sweeper re-enqueued messages whose job was lost');
    const o = await sweepOutbound(deps);
    if (o.dials) deps.logger.warn({ dials: o.dials }, 'sweeper re-enqueued outbound calls whose dial job was lost');
  } finally {
    // Even when the sweep failed: the chain must not break. A failure to schedule fails the job, which retries.
    await scheduleNextSweep(deps);
  }
}
