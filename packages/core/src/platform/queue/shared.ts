// Rules both implementations share, so the in-process queue fails in development
// exactly where BullMQ would fail in production.
import type { JobOptions, QueueLogger } from './types.ts';

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1_000;
// Long enough that a webhook redelivered later the same day is still recognised as a duplicate.
export const DEFAULT_KEEP_COMPLETED_SECONDS = 24 * 3600;
// Failed jobs are evidence for an operator; keep them a week rather than forever so Redis stays bounded.
export const DEFAULT_KEEP_FAILED_SECONDS = 7 * 24 * 3600;

export const silentLogger: QueueLogger = { info() {}, warn() {}, error() {} };

export function assertJobName(name: string): void {
  // BullMQ uses the job name as its queue name, and ':' separates Redis key parts.
  if (!name || name.includes(':')) throw new Error(`invalid job name "${name}": must be non-empty and contain no ':'`);
}

export function assertJobId(id: string): void {
  if (!id || id.includes(':')) throw new Error(`invalid jobId "${id}": must be non-empty and contain no ':'`);
  // BullMQ reserves integer ids for its own counter.
  if (/^-?\d+$/.test(id)) throw new Error(`invalid jobId "${id}": must not be an integer`);
}

export interface ResolvedJobOptions {
  jobId?: string;
  delayMs: number;
  attempts: number;
  backoffMs: number;
}

export function resolveJobOptions(name: string, opts: JobOptions = {}): ResolvedJobOptions {
  assertJobName(name);
  if (opts.jobId !== undefined) assertJobId(opts.jobId);
  const attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`attempts must be an integer >= 1, got ${attempts}`);
  const delayMs = Math.max(0, opts.delayMs ?? 0);
  const backoffMs = Math.max(0, opts.backoffMs ?? DEFAULT_BACKOFF_MS);
  return { jobId: opts.jobId, delayMs, attempts, backoffMs };
}

/** Same formula as BullMQ's built-in 'exponential' strategy. */
export function backoffDelay(backoffMs: number, failedAttempt: number): number {
  return backoffMs * 2 ** (failedAttempt - 1);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Never includes job data: it may hold PHI. */
export function logJobFailure(
  logger: QueueLogger,
  job: { name: string; id: string; attempt: number; attempts: number },
  err: unknown,
): void {
  const fields = { job: job.name, jobId: job.id, attempt: job.attempt, attempts: job.attempts, err: errorMessage(err) };
  if (job.attempt >= job.attempts) logger.error(fields, 'job failed permanently');
  else logger.warn(fields, 'job failed, will retry');
}
