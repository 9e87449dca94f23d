// Development-only runner with BullMQ's semantics, so code written against it behaves the
// same once REDIS_URL is set. Nothing survives a restart.
import type { JobHandler, JobOptions, Queue, QueueCounts, QueueLogger } from './types.ts';
import { withLivemode } from '../db/livemode.ts';
import {
  DEFAULT_KEEP_COMPLETED_SECONDS,
  DEFAULT_KEEP_FAILED_SECONDS,
  assertJobId,
  backoffDelay,
  logJobFailure,
  resolveJobOptions,
  silentLogger,
} from './shared.ts';

export interface InProcessQueueConfig {
  logger?: QueueLogger;
  keepCompletedSeconds?: number;
  keepFailedSeconds?: number;
}

type State = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

interface Job {
  key: string;
  id: string;
  name: string;
  data: unknown;
  attempts: number;
  backoffMs: number;
  attemptsMade: number;
  state: State;
  timer?: NodeJS.Timeout;
}

interface Worker {
  handler: JobHandler<unknown>;
  concurrency: number;
  active: number;
}

export function createInProcessQueue(config: InProcessQueueConfig = {}): Queue {
  const logger = config.logger ?? silentLogger;
  const keepCompletedMs = (config.keepCompletedSeconds ?? DEFAULT_KEEP_COMPLETED_SECONDS) * 1000;
  const keepFailedMs = (config.keepFailedSeconds ?? DEFAULT_KEEP_FAILED_SECONDS) * 1000;

  // Keyed by name + id because BullMQ keeps one queue per job name, so ids are scoped the same way.
  const jobs = new Map<string, Job>();
  const waiting = new Map<string, Job[]>();
  const workers = new Map<string, Worker>();
  const inFlight = new Set<Promise<void>>();
  let nextId = 1;
  let started = false;
  let draining = false;

  const keyOf = (name: string, id: string) => `${name}\u0000${id}`;

  function setTimer(job: Job, ms: number, fn: () => void): void {
    // unref: an in-memory queue must not keep a CLI or test process alive on its own.
    job.timer = setTimeout(() => {
      job.timer = undefined;
      fn();
    }, ms);
    job.timer.unref();
  }

  function enqueue(job: Job): void {
    job.state = 'waiting';
    const list = waiting.get(job.name) ?? [];
    list.push(job);
    waiting.set(job.name, list);
    pump(job.name);
  }

  function forget(job: Job, afterMs: number): void {
    setTimer(job, afterMs, () => {
      if (jobs.get(job.key) === job) jobs.delete(job.key);
    });
  }

  function pump(name: string): void {
    const worker = workers.get(name);
    const list = waiting.get(name);
    if (!started || draining || !worker || !list) return;
    while (worker.active < worker.concurrency && list.length > 0) {
      const job = list.shift()!;
      worker.active++;
      const run = execute(job, worker).finally(() => {
        inFlight.delete(run);
        worker.active--;
        pump(name);
      });
      inFlight.add(run);
    }
  }

  async function execute(job: Job, worker: Worker): Promise<void> {
    job.state = 'active';
    const attempt = job.attemptsMade + 1;
    try {
      // Never run the handler inside add()'s call stack: with Redis it always runs later, elsewhere.
      await new Promise((resolve) => setImmediate(resolve));
      // A job starts in system mode, as on BullMQ: not in the mode of the request whose add() scheduled it.
      await withLivemode(null, () => worker.handler({ id: job.id, name: job.name, data: job.data, attempt }));
      job.attemptsMade = attempt;
      job.state = 'completed';
      forget(job, keepCompletedMs);
    } catch (err) {
      job.attemptsMade = attempt;
      logJobFailure(logger, { name: job.name, id: job.id, attempt, attempts: job.attempts }, err);
      if (attempt < job.attempts) {
        job.state = 'delayed';
        // While draining the retry is dropped with the rest of memory; BullMQ would hand it to another worker.
        if (!draining) setTimer(job, backoffDelay(job.backoffMs, attempt), () => enqueue(job));
      } else {
        job.state = 'failed';
        forget(job, keepFailedMs);
      }
    }
  }

  return {
    kind: 'in-process',

    async add<T>(name: string, data: T, opts?: JobOptions) {
      if (draining) throw new Error('queue is draining; no new jobs accepted');
      const o = resolveJobOptions(name, opts);
      const id = o.jobId ?? String(nextId++);
      const key = keyOf(name, id);
      if (jobs.has(key)) return { id, deduplicated: true };
      const job: Job = {
        key,
        id,
        name,
        // A JSON round trip, as Redis would do, so a Date or a class instance breaks here in development too.
        data: data === undefined ? undefined : JSON.parse(JSON.stringify(data)),
        attempts: o.attempts,
        backoffMs: o.backoffMs,
        attemptsMade: 0,
        state: 'delayed',
      };
      jobs.set(key, job);
      if (o.delayMs > 0) setTimer(job, o.delayMs, () => enqueue(job));
      else enqueue(job);
      return { id, deduplicated: false };
    },

    async remove(jobId: string) {
      assertJobId(jobId);
      let removed = false;
      for (const job of [...jobs.values()]) {
        if (job.id !== jobId || job.state === 'active') continue;
        if (job.timer) clearTimeout(job.timer);
        const list = waiting.get(job.name);
        if (list && job.state === 'waiting') list.splice(list.indexOf(job), 1);
        jobs.delete(job.key);
        removed = true;
      }
      return removed;
    },

    process<T>(name: string, handler: JobHandler<T>, opts?: { concurrency?: number }) {
      if (workers.has(name)) throw new Error(`a handler for job "${name}" is already registered`);
      const concurrency = opts?.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be an integer >= 1`);
      workers.set(name, { handler: handler as JobHandler<unknown>, concurrency, active: 0 });
      pump(name);
    },

    async start() {
      if (draining) throw new Error('queue has been drained');
      started = true;
      for (const name of workers.keys()) pump(name);
    },

    async drain() {
      draining = true;
      for (const job of jobs.values()) if (job.timer) clearTimeout(job.timer);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    async counts(): Promise<QueueCounts> {
      const c: QueueCounts = { waiting: 0, active: 0, delayed: 0, failed: 0 };
      for (const job of jobs.values()) if (job.state !== 'completed') c[job.state]++;
      return c;
    },
  };
}
