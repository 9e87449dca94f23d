import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createBullQueue } from '../../../src/platform/queue/bullmq.ts';
import { describeQueueContract } from './contract.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// One namespace per run, one sub-prefix per queue: tests never see each other's jobs.
const RUN = `vxtest-${randomUUID()}`;
let n = 0;
const nextPrefix = () => `${RUN}-${++n}`;

afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${RUN}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
});

describeQueueContract('bullmq', (logger) => createBullQueue({ redisUrl: REDIS_URL, prefix: nextPrefix(), logger }));

describe('bullmq across processes', { timeout: 30_000 }, () => {
  it('removes and counts jobs that another instance added', async () => {
    const prefix = nextPrefix();
    const web = createBullQueue({ redisUrl: REDIS_URL, prefix });
    const other = createBullQueue({ redisUrl: REDIS_URL, prefix });
    try {
      await web.add('booking-reminder', { bookingId: 'bk_1' }, { jobId: 'reminder-bk_1', delayMs: 60_000 });
      await web.add('booking-reminder', { bookingId: 'bk_2' }, { jobId: 'reminder-bk_2', delayMs: 60_000 });
      expect(await other.counts()).toEqual({ waiting: 0, active: 0, delayed: 2, failed: 0 });
      expect((await other.add('booking-reminder', {}, { jobId: 'reminder-bk_1' })).deduplicated).toBe(true);
      expect(await other.remove('reminder-bk_1')).toBe(true);
      expect(await web.counts()).toMatchObject({ delayed: 1 });
    } finally {
      await web.drain();
      await other.drain();
    }
  });
});
