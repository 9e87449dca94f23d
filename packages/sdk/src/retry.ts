import { ApiConnectionError, type VoxanneError } from './errors.js';

export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
/** A server asking for a longer pause than this is better answered by the caller than by a hung request. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * `Retry-After` as milliseconds from `now`: either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * A date in the past means "now"; anything unparseable is ignored.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // HTTP dates always name the day and month; Date.parse alone would read '-3' as the year -3.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff (0.5 s, 1 s, 2 s ... capped at 8 s) minus up to 25 % jitter, so clients that failed
 * together do not come back together. `attempt` is 0 for the first retry.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_DELAY_MS, INITIAL_RETRY_DELAY_MS * 2 ** attempt);
  return Math.round(base * (1 - 0.25 * random()));
}

// Methods that may run twice without harm. PATCH is left out: the HTTP spec does not promise it is idempotent,
// and POST is only safe because every SDK POST carries an Idempotency-Key (see transport.ts).
const REPEATABLE = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'POST']);

/**
 * Whether a failed attempt should be retried, and after how long; undefined means "throw now".
 * 429 and an idempotency key still in flight were refused before any work, so every method may retry them.
 * 5xx and connection failures are ambiguous (the server may have acted), so only repeatable methods retry.
 */
export function retryDelay(error: VoxanneError, method: string, attempt: number, random?: () => number): number | undefined {
  const refusedUntouched = error.status === 429 || (error.status === 409 && error.code === 'idempotency_request_in_progress');
  const ambiguous = error instanceof ApiConnectionError || (error.status !== undefined && error.status >= 500 && error.status !== 501);
  if (!refusedUntouched && !(ambiguous && REPEATABLE.has(method))) return undefined;
  const hinted = parseRetryAfter(error.headers?.get('retry-after'));
  if (hinted === undefined) return backoffDelay(attempt, random);
  return hinted > MAX_RETRY_AFTER_MS ? undefined : hinted;
}
