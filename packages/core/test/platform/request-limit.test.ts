import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { bindingLimit, createRequestLimiter } from '../../src/platform/request-limit.ts';
import { TEST_REDIS_URL } from '../support/index.ts';

const logger = pino({ level: 'silent' });
let redis: Redis;
let other: Redis;
beforeAll(async () => {
  redis = new Redis(TEST_REDIS_URL);
  other = new Redis(TEST_REDIS_URL);
  await Promise.all([redis.ping(), other.ping()]);
});
afterAll(async () => {
  redis.disconnect();
  other.disconnect();
});

const prefix = () => `t${randomBytes(4).toString('hex')}_`;

describe('request limits', () => {
  it('spends the IP and the key in one Redis round trip, shared by every process', async () => {
    const p = prefix();
    // Two limiters on two connections: two API processes.
    const a = createRequestLimiter({ prefix: p, perIp: 3, perKey: 5, windowSeconds: 60, redis, logger });
    const b = createRequestLimiter({ prefix: p, perIp: 3, perKey: 5, windowSeconds: 60, redis: other, logger });
    const sent = vi.spyOn(redis, 'sendCommand');
    const first = await a.spend('10.0.0.1', 'key_a');
    // Both limits in one command (the script, by EVALSHA or EVAL); nothing else went to Redis.
    const names = sent.mock.calls.map(([c]) => (c as { name: string }).name);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^eval(sha)?$/);
    sent.mockRestore();
    expect(first.ip).toMatchObject({ limit: 3, remaining: 2, exceeded: false });
    expect(first.key).toMatchObject({ limit: 5, remaining: 4, exceeded: false });
    const second = await b.spend('10.0.0.1', 'key_a');
    expect(second.ip.remaining).toBe(1);
    expect(second.key!.remaining).toBe(3);
    await a.spend('10.0.0.1');
    const fourth = await b.spend('10.0.0.1', 'key_b');
    expect(fourth.ip).toMatchObject({ remaining: 0, exceeded: true });
    expect(fourth.key).toMatchObject({ remaining: 4, exceeded: false });
    expect(bindingLimit(fourth)).toBe(fourth.ip);
    expect(fourth.ip.resetSeconds).toBeGreaterThan(0);
    expect(fourth.ip.resetSeconds).toBeLessThanOrEqual(60);
    expect(await redis.pttl(`vox_rl_${p}ip:10.0.0.1`)).toBeGreaterThan(0);
  });

  it('counts fixed windows in memory without Redis, and starts a new window when one ends', async () => {
    const m = createRequestLimiter({ prefix: prefix(), perIp: 2, perKey: 10, windowSeconds: 1, logger });
    expect((await m.spend('ip')).ip.exceeded).toBe(false);
    expect((await m.spend('ip')).ip.exceeded).toBe(false);
    expect((await m.spend('ip')).ip).toMatchObject({ exceeded: true, remaining: 0, resetSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await m.spend('ip')).ip).toMatchObject({ exceeded: false, remaining: 1 });
  });

  it('keeps limiting in memory while Redis is unreachable', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    dead.on('error', () => undefined);
    const m = createRequestLimiter({ prefix: prefix(), perIp: 1, perKey: 10, windowSeconds: 60, redis: dead, logger });
    expect((await m.spend('ip', 'k')).ip.exceeded).toBe(false);
    expect((await m.spend('ip', 'k')).ip.exceeded).toBe(true);
    dead.disconnect();
  });

  it('announces the limit with the fewest requests left', () => {
    const r = (limit: number, remaining: number, resetSeconds = 60) => ({ limit, remaining, resetSeconds, exceeded: false });
    expect(bindingLimit({ ip: r(300, 10), key: r(600, 500) }).limit).toBe(300);
    expect(bindingLimit({ ip: r(300, 290), key: r(600, 5) }).limit).toBe(600);
    expect(bindingLimit({ ip: r(300, 5, 10), key: r(600, 5, 50) }).limit).toBe(600);
    expect(bindingLimit({ ip: { ...r(300, 0), exceeded: true }, key: r(600, 0) }).limit).toBe(300);
  });
});
