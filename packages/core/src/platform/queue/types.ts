export interface JobOptions {
  jobId?: string;
  delayMs?: number;
  attempts?: number;
  /** Exponential base: attempt n waits backoffMs * 2^(n-1) before attempt n+1. */
  backoffMs?: number;
}

export interface JobContext<T> {
  id: string;
  name: string;
  data: T;
  /** 1-based. */
  attempt: number;
}

export type JobHandler<T = unknown> = (job: JobContext<T>) => Promise<void>;

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface Queue {
  readonly kind: 'bullmq' | 'in-process';
  add<T>(name: string, data: T, opts?: JobOptions): Promise<{ id: string; deduplicated: boolean }>;
  /** For delayed jobs that must disappear (e.g. reminders of a cancelled booking). False when absent or already running. */
  remove(jobId: string): Promise<boolean>;
  /** Registers the worker for a job name; it consumes only after start(). */
  process<T>(name: string, handler: JobHandler<T>, opts?: { concurrency?: number }): void;
  /** Begin consuming (a web-only process may add without consuming). */
  start(): Promise<void>;
  /** Graceful: stop taking new jobs, wait for in-flight ones, then close connections. */
  drain(): Promise<void>;
  counts(): Promise<QueueCounts>;
}

/** pino-compatible subset. */
export interface QueueLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
