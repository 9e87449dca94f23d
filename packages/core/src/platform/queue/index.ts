import { createBullQueue } from './bullmq.ts';
import { createInProcessQueue } from './in-process.ts';
import type { Queue, QueueLogger } from './types.ts';

export type { JobContext, JobHandler, JobOptions, Queue, QueueCounts, QueueLogger } from './types.ts';
export { createBullQueue, type BullQueueConfig } from './bullmq.ts';
export { createInProcessQueue, type InProcessQueueConfig } from './in-process.ts';

export interface QueueConfig {
  redisUrl?: string;
  prefix?: string;
  logger?: QueueLogger;
  lockDurationMs?: number;
}

/** BullMQ when a Redis URL is configured, otherwise the in-memory runner (development only). */
export function createQueue(config: QueueConfig): Queue {
  if (config.redisUrl) return createBullQueue({ redisUrl: config.redisUrl, prefix: config.prefix, logger: config.logger, ...(config.lockDurationMs ? { lockDurationMs: config.lockDurationMs } : {}) });
  // Said at start so nobody runs production on a queue that loses every job on restart.
  config.logger?.warn({ queue: 'in-process' }, 'REDIS_URL is not set: using the in-process queue (development only; jobs are lost on restart)');
  return createInProcessQueue({ logger: config.logger });
}
