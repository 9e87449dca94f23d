import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createQueue, type QueueLogger } from '../../../src/platform/queue/index.ts';

describe('createQueue', () => {
  it('uses BullMQ when a Redis URL is configured', async () => {
    const q = createQueue({ redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `vxtest-${randomUUID()}` });
    expect(q.kind).toBe('bullmq');
    await q.drain();
  });

  it('falls back to the in-process queue and says it is for development only', async () => {
    const warnings: string[] = [];
    const logger: QueueLogger = { info() {}, warn: (_obj, msg) => warnings.push(msg ?? ''), error() {} };
    const q = createQueue({ logger });
    expect(q.kind).toBe('in-process');
    expect(warnings.join()).toMatch(/development only/);
    await q.drain();
  });

  it('accepts a pino logger', async () => {
    const q = createQueue({ logger: pino({ level: 'silent' }) });
    expect(q.kind).toBe('in-process');
    await q.drain();
  });
});
