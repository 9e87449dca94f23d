/**
 * The API's request limits, per client IP and per principal (API key or user), as fixed windows: a counter
 * per key that starts with the first request and expires with its window, as rate-limiter-flexible kept
 * them. Both counters are spent in ONE Redis round trip (a Lua script), so every API process shares them;
 * without Redis, or while it is unreachable, the counters live in this process's memory.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LimitResult } from './rate-limit.ts';

export interface SpentLimits {
  ip: LimitResult & { exceeded: boolean };
  key?: LimitResult & { exceeded: boolean };
}

export interface RequestLimiter {
  readonly perIp: number;
  readonly perKey: number;
  /** Spends one request of the IP and, when given, of the principal. Never throws for Redis trouble. */
  spend(ip: string, principal?: string): Promise<SpentLimits>;
}

/** INCR each key, start its window on the first hit; returns count and remaining ms per key. */
const SPEND_SCRIPT = `
local out = {}
for i, k in ipairs(KEYS) do
  local n = redis.call('INCR', k)
  local ttl = redis.call('PTTL', k)
  if ttl < 0 then
    redis.call('PEXPIRE', k, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  out[#out + 1] = n
  out[#out + 1] = ttl
end
return out`;

type SpendCommand = (numKeys: number, ...args: (string | number)[]) => Promise<number[]>;

interface Window {
  count: number;
  resetAt: number;
}

/** A fixed-window counter in memory, the fallback and the embedded mode's only store. */
function memoryStore(windowMs: number) {
  const windows = new Map<string, Window>();
  let sweepAt = Date.now() + windowMs;
  return (keys: string[]): number[] => {
    const now = Date.now();
    if (now > sweepAt) {
      // Expired windows are dropped once per window, so the map holds only live counters.
      for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
      sweepAt = now + windowMs;
    }
    return keys.flatMap((k) => {
      let w = windows.get(k);
      if (!w || w.resetAt <= now) windows.set(k, (w = { count: 0, resetAt: now + windowMs }));
      w.count++;
      return [w.count, w.resetAt - now];
    });
  };
}

export function createRequestLimiter(opts: { prefix: string; perIp: number; perKey: number; windowSeconds: number; redis?: Redis; logger: Logger }): RequestLimiter {
  const windowMs = opts.windowSeconds * 1000;
  const memory = memoryStore(windowMs);
  const redis = opts.redis;
  let spendRedis: SpendCommand | undefined;
  if (redis) {
    // defineCommand sends EVALSHA and falls back to EVAL once if the script is not cached.
    if (!(redis as unknown as { voxSpendLimits?: SpendCommand }).voxSpendLimits) redis.defineCommand('voxSpendLimits', { lua: SPEND_SCRIPT });
    const cmd = (redis as unknown as { voxSpendLimits: SpendCommand }).voxSpendLimits.bind(redis);
    spendRedis = cmd;
  }
  let warnedAt = 0;
  const result = (points: number, count: number, ttlMs: number) => ({
    limit: points,
    remaining: Math.max(0, points - count),
    resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
    exceeded: count > points,
  });
  return {
    perIp: opts.perIp,
    perKey: opts.perKey,
    async spend(ip, principal) {
      const keys = [`vox_rl_${opts.prefix}ip:${ip}`, ...(principal ? [`vox_rl_${opts.prefix}key:${principal}`] : [])];
      let raw: number[];
      if (spendRedis && redis!.status === 'ready') {
        try {
          raw = (await spendRedis(keys.length, ...keys, windowMs)).map(Number);
        } catch (err) {
          raw = memory(keys);
          if (Date.now() - warnedAt > 60_000) {
            warnedAt = Date.now();
            opts.logger.warn({ err: (err as Error).message }, 'rate limits: Redis failed, counting in memory meanwhile');
          }
        }
      } else {
        raw = memory(keys);
      }
      const out: SpentLimits = { ip: result(opts.perIp, raw[0]!, raw[1]!) };
      if (principal) out.key = result(opts.perKey, raw[2]!, raw[3]!);
      return out;
    },
  };
}

/**
 * The limit to announce: the one that will refuse this client first (fewest requests left; on a tie, the one
 * that resets later, since it refuses longer). Issue #10 item 27: announcing the key's 600 while the IP's 300
 * binds would send clients into 429s they were told they would not get.
 */
export function bindingLimit(spent: SpentLimits): LimitResult & { exceeded: boolean } {
  const { ip, key } = spent;
  if (!key) return ip;
  if (ip.exceeded !== key.exceeded) return ip.exceeded ? ip : key;
  if (ip.remaining !== key.remaining) return ip.remaining < key.remaining ? ip : key;
  return ip.resetSeconds >= key.resetSeconds ? ip : key;
}
