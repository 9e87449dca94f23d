/**
 * The process's Prometheus metrics (prom-client), one registry per platform so several servers in one test
 * process never share counters. Labels are operation ids, job names, tool names, connector kinds and
 * states: never an id, a path with ids in it, or anything a caller typed.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; the voice budgets (20 ms ack, 50 ms tool p99) sit on bucket edges. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'operation' | 'method' | 'status_class'>;
  readonly toolCallDuration: Histogram<'tool'>;
  readonly jobDuration: Histogram<'job' | 'outcome'>;
  readonly poolWait: Histogram;
  /** Adds a gauge whose value is read at scrape time (pool sizes, queue depths, backlogs, breakers). */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], read: (set: (labels: Partial<Record<L, string>>, value: number) => void) => Promise<void> | void): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'voxanne_' });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: 'voxanne_http_request_duration_seconds',
      help: 'HTTP request latency by OpenAPI operation id (never the raw path), method and status class.',
      labelNames: ['operation', 'method', 'status_class'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    toolCallDuration: new Histogram({
      name: 'voxanne_voice_tool_call_duration_seconds',
      help: 'Latency of live voice tool calls by tool name: the time the caller waits for the tools message that carried it.',
      labelNames: ['tool'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'voxanne_job_duration_seconds',
      help: 'Time a job handler ran, by job name and outcome (completed or failed attempt).',
      labelNames: ['job', 'outcome'],
      buckets: JOB_BUCKETS,
      registers,
    }),
    poolWait: new Histogram({
      name: 'voxanne_db_pool_acquire_wait_seconds',
      help: 'How long a query waited for a pooled PostgreSQL connection.',
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    }),
    gauge(name, help, labelNames, read) {
      new Gauge({
        name,
        help,
        labelNames: [...labelNames],
        registers,
        async collect() {
          this.reset();
          await read((labels, value) => this.set(labels as never, value));
        },
      });
    },
  };
}

export const statusClass = (status: number): string => `${Math.floor(status / 100)}xx`;
