/**
 * Stored idempotent answers live IDEMPOTENCY_RETENTION_MS (24 h): they can hold a secret shown once (a new
 * API key), encrypted, and nothing may replay them afterwards (the claim treats an older row as new). This
 * job deletes them. Like the voice inbox sweeper (decision 0007) it must see every org's rows, so it runs
 * through the schema-owner connection; it only deletes rows past their retention, by age, and reads nothing.
 *
 * The queue has delayed jobs but no repeatable ones, so the purge is a chain: each run enqueues the next at
 * the next PURGE_EVERY_MS boundary with the boundary in its job id (one job per boundary, however many
 * processes ask), and every process asks for one run when it boots, which restarts a broken chain.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { IDEMPOTENCY_RETENTION_MS } from './idempotency.ts';

export const IDEMPOTENCY_PURGE_JOB = 'idempotency.purge';
export const PURGE_EVERY_MS = 3600_000;
const BATCH = 1000;
const JOB_OPTIONS = { attempts: 5, backoffMs: 5_000 } as const;

/** Deletes every row older than the retention, in bounded batches; returns how many went. */
export async function purgeExpiredIdempotencyKeys(deps: Pick<Deps, 'db'>, now = Date.now()): Promise<number> {
  const owner = await deps.db.owner();
  const cutoff = new Date(now - IDEMPOTENCY_RETENTION_MS);
  let purged = 0;
  for (;;) {
    // Count the returned rows, not the driver's affected-row count: PGlite's knex client does not report one
    // for this statement, and a count that is never below BATCH made this loop spin forever.
    const gone = (await owner('idempotency_keys')
      .whereIn(['org_id', 'key'], owner('idempotency_keys').where('created_at', '<', cutoff).select('org_id', 'key').limit(BATCH))
      .delete(['key'])) as unknown[];
    const n = gone.length;
    purged += n;
    if (n < BATCH) return purged;
  }
}

export const nextPurgeJobId = (now = Date.now()) => `idempotency-purge-${Math.floor(now / PURGE_EVERY_MS) + 1}`;

export async function scheduleNextPurge(deps: Pick<Deps, 'queue'>, now = Date.now()): Promise<void> {
  const slot = Math.floor(now / PURGE_EVERY_MS) + 1;
  await deps.queue.add(IDEMPOTENCY_PURGE_JOB, {}, { jobId: nextPurgeJobId(now), delayMs: slot * PURGE_EVERY_MS - now, ...JOB_OPTIONS });
}

/** One purge now (at boot); it also restarts the chain if it ever broke. */
export async function purgeIdempotencySoon(deps: Pick<Deps, 'queue'>): Promise<void> {
  await deps.queue.add(IDEMPOTENCY_PURGE_JOB, {}, { jobId: `idempotency-purge-boot-${randomBytes(8).toString('hex')}`, ...JOB_OPTIONS });
}

export function registerIdempotencyPurge(deps: Pick<Deps, 'db' | 'queue' | 'logger'>): void {
  deps.queue.process(IDEMPOTENCY_PURGE_JOB, async () => {
    try {
      const purged = await purgeExpiredIdempotencyKeys(deps);
      if (purged) deps.logger.info({ purged }, 'purged expired idempotency keys');
    } finally {
      // Even when the purge failed: the chain must not break. A failure to schedule fails the job, which retries.
      await scheduleNextPurge(deps);
    }
  });
  // Not awaited: boot must not wait on Redis.
  purgeIdempotencySoon(deps).catch(() => deps.logger.warn({ job: IDEMPOTENCY_PURGE_JOB }, 'could not schedule the idempotency purge at boot'));
}
