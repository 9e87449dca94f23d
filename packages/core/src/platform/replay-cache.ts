/**
 * Remembers answers to messages that must not be processed twice within a window (a replayed signed
 * webhook). One Redis round trip to claim a key (a Lua script: SET NX, or read what is there), so every
 * API process sees the same claims; in memory without Redis or while it is unreachable. Values are opaque
 * strings: callers encrypt what they store.
 */
import type { Redis } from 'ioredis';

export type Claim = { kind: 'new' } | { kind: 'in-flight' } | { kind: 'answered'; value: string };

export interface ReplayCache {
  claim(key: string, ttlMs: number): Promise<Claim>;
  settle(key: string, value: string, ttlMs: number): Promise<void>;
  release(key: string): Promise<void>;
}

const CLAIM_SCRIPT = `
if redis.call('SET', KEYS[1], '', 'NX', 'PX', ARGV[1]) then return false end
return redis.call('GET', KEYS[1])`;

type ClaimCommand = (numKeys: number, key: string, ttlMs: number) => Promise<string | null>;

export function createReplayCache(opts: { prefix: string; redis?: Redis }): ReplayCache {
  const memory = new Map<string, { value: string; until: number }>();
  let sweepAt = 0;
  const redis = opts.redis;
  let claimRedis: ClaimCommand | undefined;
  if (redis) {
    if (!(redis as unknown as { voxClaim?: ClaimCommand }).voxClaim) redis.defineCommand('voxClaim', { lua: CLAIM_SCRIPT });
    claimRedis = (redis as unknown as { voxClaim: ClaimCommand }).voxClaim.bind(redis);
  }
  const k = (key: string) => `vox_replay_${opts.prefix}${key}`;
  const ready = () => redis !== undefined && redis.status === 'ready';
  const toClaim = (v: string | null | undefined): Claim => (v === null || v === undefined ? { kind: 'new' } : v === '' ? { kind: 'in-flight' } : { kind: 'answered', value: v });

  function memoryClaim(key: string, ttlMs: number): Claim {
    const now = Date.now();
    if (now > sweepAt) {
      for (const [mk, v] of memory) if (v.until <= now) memory.delete(mk);
      sweepAt = now + 60_000;
    }
    const held = memory.get(key);
    if (held && held.until > now) return toClaim(held.value);
    memory.set(key, { value: '', until: now + ttlMs });
    return { kind: 'new' };
  }

  return {
    async claim(key, ttlMs) {
      if (ready()) {
        try {
          return toClaim(await claimRedis!(1, k(key), ttlMs));
        } catch {
          // Redis failed mid-call: this process's memory still catches replays that reach it.
        }
      }
      return memoryClaim(key, ttlMs);
    },
    async settle(key, value, ttlMs) {
      const held = memory.get(key);
      if (held) held.value = value;
      if (ready()) await redis!.set(k(key), value, 'PX', ttlMs, 'XX').catch(() => undefined);
    },
    async release(key) {
      memory.delete(key);
      if (ready()) await redis!.del(k(key)).catch(() => undefined);
    },
  };
}
