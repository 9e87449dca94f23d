import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ApiError } from './errors.ts';

export interface LimitResult {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/** A fixed-window counter; Redis-backed so limits hold across every API process. */
export interface Limiter {
  readonly points: number;
  /** Spends one point; throws a 429 ApiError (with headers) once the window is used up. */
  consume(key: string, code?: string): Promise<LimitResult>;
  /** Reads without spending. */
  peek(key: string): Promise<LimitResult>;
  /** Gives back one point spent up front for an attempt that turned out not to count (a sign-in that succeeded). */
  refund(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export function createLimiter(opts: { prefix: string; points: number; durationSeconds: number; redis?: Redis }): Limiter {
  const base = { keyPrefix: `vox_rl_${opts.prefix}`, points: opts.points, duration: opts.durationSeconds };
  const impl: RateLimiterAbstract = opts.redis
    ? new RateLimiterRedis({ ...base, storeClient: opts.redis, useRedisPackage: false })
    : new RateLimiterMemory(base);
  const toResult = (r: RateLimiterRes | null): LimitResult => ({
    limit: opts.points,
    remaining: r ? Math.max(0, r.remainingPoints) : opts.points,
    resetSeconds: r ? Math.max(1, Math.ceil(r.msBeforeNext / 1000)) : opts.durationSeconds,
  });
  return {
    points: opts.points,
    async consume(key, code = 'rate_limited') {
      try {
        return toResult(await impl.consume(key, 1));
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const r = toResult(e);
        throw new ApiError(429, code, `Too many requests. Retry in ${r.resetSeconds} s.`, {}, {
          ...limitHeaders(r),
          'Retry-After': String(r.resetSeconds),
        });
      }
    },
    async peek(key) {
      return toResult(await impl.get(key));
    },
    async refund(key) {
      await impl.reward(key, 1);
    },
    async reset(key) {
      await impl.delete(key);
    },
  };
}

/** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers). */
export function limitHeaders(r: LimitResult): Record<string, string> {
  return {
    'RateLimit-Limit': String(r.limit),
    'RateLimit-Remaining': String(r.remaining),
    'RateLimit-Reset': String(r.resetSeconds),
  };
}
