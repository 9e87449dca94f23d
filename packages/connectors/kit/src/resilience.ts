/**
 * Timeout + retry + circuit breaker around vendor calls (cockatiel), so a slow or failing vendor
 * degrades one feature instead of tying up the server. Core keeps one Resilience per vendor+org:
 * one clinic's revoked key or one vendor's outage must not open the breaker for everybody.
 *
 * Layering, outermost first:  retry -> circuit breaker -> timeout -> fn
 *  - the timeout bounds each attempt, not the whole operation;
 *  - the breaker counts every attempt, so a burst of retries against a dead vendor opens it fast;
 *  - retry only repeats ConnectorErrors marked retryable. A 4xx is our fault and repeating it
 *    cannot help; an open breaker fails fast (retrying it would only burn the backoff time), but
 *    its error stays `retryable: true` so a queued job tries again later.
 *  - only transient failures (retryable ConnectorErrors) count towards opening the breaker; a
 *    burst of 400s from a bad payload says nothing about vendor health.
 */
import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  isIsolatedCircuitError,
  retry,
  timeout,
} from 'cockatiel';
import { ConnectorError } from './errors.ts';

export interface ResilienceOptions {
  /** Label for errors raised by the policy itself (timeout, circuit_open). */
  connector?: string;
  /** Per attempt. Default 10 000. */
  timeoutMs?: number;
  /** Total attempts including the first. Default 3. */
  maxAttempts?: number;
  backoff?: { initialDelayMs?: number; maxDelayMs?: number };
  breaker?: { halfOpenAfterMs?: number; consecutiveFailures?: number };
}

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface AttemptContext {
  /** Aborted when this attempt times out; pass it to the SDK call when it accepts one. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface Resilience {
  execute<T>(fn: (ctx: AttemptContext) => Promise<T>): Promise<T>;
  readonly state: BreakerState;
  /** Subscribe to breaker transitions (for logs and metrics). Returns an unsubscribe function. */
  onStateChange(listener: (state: BreakerState) => void): () => void;
}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

// cockatiel 3.2's own isTaskCancelledError tests for the bulkhead marker (upstream bug), so it
// never matches a timeout; check the marker TaskCancelledError really sets.
const isTaskCancelledError = (e: unknown): boolean =>
  e instanceof Error && (e as { isTaskCancelledError?: unknown }).isTaskCancelledError === true;

const isTransient = (e: unknown): boolean => e instanceof ConnectorError && e.retryable;

export function createResilience(opts: ResilienceOptions = {}): Resilience {
  const connector = opts.connector ?? 'connector';
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 3);

  const retryPolicy = retry(
    handleWhen((e) => isTransient(e) && (e as ConnectorError).code !== 'circuit_open'),
    {
      maxAttempts: maxAttempts - 1, // cockatiel counts retries, not attempts
      backoff: new ExponentialBackoff({
        initialDelay: opts.backoff?.initialDelayMs ?? 200,
        maxDelay: opts.backoff?.maxDelayMs ?? 5_000,
      }),
    },
  );
  const breakerPolicy = circuitBreaker(handleWhen(isTransient), {
    halfOpenAfter: opts.breaker?.halfOpenAfterMs ?? 30_000,
    breaker: new ConsecutiveBreaker(opts.breaker?.consecutiveFailures ?? 5),
  });
  // Aggressive: give up at the deadline even if the SDK ignores the abort signal.
  const timeoutPolicy = timeout(timeoutMs, TimeoutStrategy.Aggressive);

  const runAttempt = async <T>(fn: (ctx: AttemptContext) => Promise<T>, attempt: number, outer: AbortSignal) => {
    try {
      return await breakerPolicy.execute(async () => {
        try {
          return await timeoutPolicy.execute(({ signal }) => fn({ signal, attempt }), outer);
        } catch (e) {
          if (isTaskCancelledError(e)) {
            throw new ConnectorError({ connector, code: 'timeout', message: `${connector}: timed out after ${timeoutMs} ms`, cause: e });
          }
          throw e;
        }
      }, outer);
    } catch (e) {
      if (isBrokenCircuitError(e) || isIsolatedCircuitError(e)) {
        throw new ConnectorError({
          connector,
          code: 'circuit_open',
          retryable: true,
          message: `${connector}: circuit open after repeated failures; not calling the vendor`,
          cause: e,
        });
      }
      throw e;
    }
  };

  return {
    execute: (fn) => retryPolicy.execute(({ attempt, signal }) => runAttempt(fn, attempt + 1, signal)),
    get state() {
      return STATE_NAMES[breakerPolicy.state];
    },
    onStateChange(listener) {
      const sub = breakerPolicy.onStateChange((s) => listener(STATE_NAMES[s]));
      return () => sub.dispose();
    },
  };
}

type AsyncMethodKeys<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof T];

/**
 * Returns a copy of `target` whose listed async methods run through `resilience`. Sync methods
 * (verifyWebhook, parseServerMessage, ...) stay untouched: they make no network calls.
 */
export function withResilience<T extends object>(target: T, resilience: Resilience, methods: readonly AsyncMethodKeys<T>[]): T {
  // Prototype delegation keeps every other member (id, getters, sync methods) exactly as it was.
  const wrapped = Object.create(target) as T;
  for (const key of methods) {
    const original = target[key] as unknown as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(wrapped, key, {
      enumerable: true,
      value: (...args: unknown[]) => resilience.execute(() => original.apply(target, args)),
    });
  }
  return wrapped;
}
