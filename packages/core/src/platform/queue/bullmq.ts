// BullMQ queue: one BullMQ Queue + Worker per job name rather than one queue with a name
// switch, because concurrency is per job name (a slow calendar sync must not occupy the
// slots of reminder SMS) and a Worker always consumes a whole BullMQ queue.
// The cost is that remove() and counts() must find every name, including names only another
// process has used; so every name is recorded in a Redis set, `<prefix>:__names`.
import { randomUUID } from 'node:crypto';
import { Queue as BullQueue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobHandler, JobOptions, Queue, QueueCounts, QueueLogger } from './types.ts';
import { withLivemode } from '../db/livemode.ts';
import {
  DEFAULT_KEEP_COMPLETED_SECONDS,
  DEFAULT_KEEP_FAILED_SECONDS,
  assertJobId,
  assertJobName,
  errorMessage,
  logJobFailure,
  resolveJobOptions,
  silentLogger,
} from './shared.ts';

export interface BullQueueConfig {
  redisUrl: string;
  /** Redis key prefix; tests use a unique one per run. */
  prefix?: string;
  logger?: QueueLogger;
  keepCompletedSeconds?: number;
  keepFailedSeconds?: number;
  /**
   * How long a worker's claim on a job lasts without renewal; a worker that died loses its jobs to another
   * once this passes (BullMQ's stalled-job check). BullMQ's default, 30 s, unless configured.
   */
  lockDurationMs?: number;
}

// The nonce tells our own add apart from a duplicate: BullMQ returns the same id either way.
interface Envelope {
  v: unknown;
  n: string;
}

interface Registration {
  handler: JobHandler<unknown>;
  concurrency: number;
}

export function createBullQueue(config: BullQueueConfig): Queue {
  const prefix = config.prefix ?? 'voxanne';
  const logger = config.logger ?? silentLogger;
  const keepCompleted = config.keepCompletedSeconds ?? DEFAULT_KEEP_COMPLETED_SECONDS;
  const keepFailed = config.keepFailedSeconds ?? DEFAULT_KEEP_FAILED_SECONDS;
  // A key without a ':<type>' suffix can never collide with BullMQ's '<prefix>:<queue>:<type>' keys.
  const namesKey = `${prefix}:__names`;

  // The producer keeps ioredis' bounded retries so an add() from a web request fails
  // instead of hanging while Redis is down. Workers need maxRetriesPerRequest: null (BullMQ
  // refuses otherwise); BullMQ duplicates this template for each worker's connections.
  const producer = new Redis(config.redisUrl);
  producer.on('error', (err) => logger.warn({ err: err.message }, 'queue redis connection error'));
  let workerTemplate: Redis | undefined;
  const workerConnection = () =>
    (workerTemplate ??= new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true }));

  const queues = new Map<string, BullQueue>();
  const registered = new Map<string, Promise<unknown>>();
  const handlers = new Map<string, Registration>();
  const workers = new Map<string, Worker>();
  const workerStarts = new Set<Promise<void>>();
  let started = false;
  let draining: Promise<void> | undefined;

  function queueFor(name: string): BullQueue {
    let q = queues.get(name);
    if (!q) {
      q = new BullQueue(name, { connection: producer, prefix });
      q.on('error', (err) => logger.warn({ job: name, err: err.message }, 'queue error'));
      queues.set(name, q);
    }
    return q;
  }

  function register(name: string): Promise<unknown> {
    let p = registered.get(name);
    if (!p) {
      p = producer.sadd(namesKey, name);
      // Retry the registration on the next call rather than remembering a failure.
      p.catch(() => registered.delete(name));
      registered.set(name, p);
    }
    return p;
  }

  async function startWorker(name: string, reg: Registration): Promise<void> {
    const worker = new Worker(
      name,
      async (job: Job<Envelope>) => {
        // System mode: the handler learns the mode of what it acts for (decision 0012).
        await withLivemode(null, () => reg.handler({ id: job.id!, name: job.name, data: job.data.v, attempt: job.attemptsMade + 1 }));
      },
      {
        connection: workerConnection(),
        prefix,
        concurrency: reg.concurrency,
        ...(config.lockDurationMs ? { lockDuration: config.lockDurationMs, stalledInterval: config.lockDurationMs } : {}),
      },
    );
    worker.on('failed', (job, err) => {
      // BullMQ has already counted the failed attempt when it emits this.
      if (job) logJobFailure(logger, { name, id: job.id!, attempt: job.attemptsMade, attempts: job.opts.attempts ?? 1 }, err);
    });
    worker.on('error', (err) => logger.error({ job: name, err: err.message }, 'queue worker error'));
    workers.set(name, worker);
    await register(name);
    await worker.waitUntilReady();
  }

  function launch(name: string, reg: Registration): Promise<void> {
    const p = startWorker(name, reg).finally(() => workerStarts.delete(p));
    workerStarts.add(p);
    return p;
  }

  async function knownQueues(): Promise<BullQueue[]> {
    const names = await producer.smembers(namesKey);
    return names.map(queueFor);
  }

  async function close(): Promise<void> {
    await Promise.allSettled([...workerStarts]);
    // Worker.close() without force waits for the jobs it is running.
    await Promise.all([...workers.values()].map((w) => w.close()));
    await Promise.all([...queues.values()].map((q) => q.close()));
    // quit() would wait forever for a Redis that is down.
    if (producer.status === 'ready') await producer.quit();
    else producer.disconnect();
    workerTemplate?.disconnect();
  }

  return {
    kind: 'bullmq',

    async add<T>(name: string, data: T, opts?: JobOptions) {
      if (draining) throw new Error('queue is draining; no new jobs accepted');
      const o = resolveJobOptions(name, opts);
      await register(name);
      const q = queueFor(name);
      const nonce = randomUUID();
      const envelope: Envelope = { v: data, n: nonce };
      const job = await q.add(name, envelope, {
        jobId: o.jobId,
        delay: o.delayMs,
        attempts: o.attempts,
        backoff: { type: 'exponential', delay: o.backoffMs },
        removeOnComplete: { age: keepCompleted },
        removeOnFail: { age: keepFailed },
      });
      if (o.jobId === undefined) return { id: job.id!, deduplicated: false };
      const stored = (await q.getJob(o.jobId)) as Job<Envelope> | undefined;
      // A job that vanished in between (removed, or expired) cannot have been a duplicate we refused.
      return { id: o.jobId, deduplicated: stored !== undefined && stored.data.n !== nonce };
    },

    async remove(jobId: string) {
      assertJobId(jobId);
      const results = await Promise.all(
        (await knownQueues()).map(async (q) => {
          // BullMQ's remove reports success for an id it never had, so check existence first.
          if (!(await q.getJob(jobId))) return false;
          return (await q.remove(jobId)) === 1;
        }),
      );
      return results.some(Boolean);
    },

    process<T>(name: string, handler: JobHandler<T>, opts?: { concurrency?: number }) {
      assertJobName(name);
      if (handlers.has(name)) throw new Error(`a handler for job "${name}" is already registered`);
      const concurrency = opts?.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be an integer >= 1');
      const reg: Registration = { handler: handler as JobHandler<unknown>, concurrency };
      handlers.set(name, reg);
      if (started && !draining) {
        launch(name, reg).catch((err) =>
          logger.error({ job: name, err: errorMessage(err) }, 'queue worker failed to start'),
        );
      }
    },

    async start() {
      if (draining) throw new Error('queue has been drained');
      if (started) return;
      started = true;
      await Promise.all([...handlers].map(([name, reg]) => launch(name, reg)));
    },

    drain() {
      draining ??= close();
      return draining;
    },

    async counts(): Promise<QueueCounts> {
      const c: QueueCounts = { waiting: 0, active: 0, delayed: 0, failed: 0 };
      for (const q of await knownQueues()) {
        const n = await q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        c.waiting += (n.waiting ?? 0) + (n.prioritized ?? 0);
        c.active += n.active ?? 0;
        c.delayed += n.delayed ?? 0;
        c.failed += n.failed ?? 0;
      }
      return c;
    },
  };
}
