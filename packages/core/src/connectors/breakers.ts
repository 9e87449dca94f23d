import { createResilience, type BreakerState, type Resilience } from '@voxanne/connector-kit';
import type { Logger } from 'pino';
import type { ConnectorConfig } from '../config.ts';
import type { ConnectorId } from './types.ts';

export interface Breakers {
  /** The one Resilience (timeout, retries, circuit breaker) of this org and connector in this process. */
  /** `maxAttempts` overrides the configured retries for a connector whose calls must not repeat (SMS sends). */
  for(orgId: string, connectorId: ConnectorId, opts?: { maxAttempts?: number }): Resilience;
  state(orgId: string, connectorId: ConnectorId): BreakerState;
  /** How many breakers this process holds, keyed `<connector> <state>` (for metrics: no org ids). */
  countByState(): Map<string, number>;
}

/**
 * One breaker per org and vendor, so one clinic's outage or revoked key never pauses another clinic's calls.
 * Kept in memory per process: a breaker is a local guess about vendor health, and sharing it through Redis
 * would add a network hop to every vendor call. At 2,000 orgs x 5 connectors this is ~10k small objects.
 */
export function createBreakers(config: ConnectorConfig, logger: Logger): Breakers {
  const cache = new Map<string, Resilience>();
  const get = (orgId: string, connectorId: ConnectorId, opts: { maxAttempts?: number } = {}) => {
    const key = `${orgId}:${connectorId}`;
    let r = cache.get(key);
    if (!r) {
      r = createResilience({
        connector: connectorId,
        timeoutMs: config.timeoutMs,
        maxAttempts: opts.maxAttempts ?? config.maxAttempts,
        backoff: { initialDelayMs: config.backoffMs, maxDelayMs: Math.max(config.backoffMs, 5_000) },
        breaker: { consecutiveFailures: config.breakerFailures, halfOpenAfterMs: config.breakerHalfOpenMs },
      });
      r.onStateChange((state) => logger.warn({ orgId, connector: connectorId, state }, 'connector circuit breaker changed state'));
      cache.set(key, r);
    }
    return r;
  };
  const countByState = () => {
    const counts = new Map<string, number>();
    for (const [key, r] of cache) {
      const k = `${key.slice(key.indexOf(':') + 1)} ${r.state}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  };
  return { for: get, state: (orgId, connectorId) => get(orgId, connectorId).state, countByState };
}
