// The figures of one `npm run bench`, collected from each bench (separate processes) into one file, so the
// last step (summary.ts) can print issue #11's table side by side with its baselines and bars.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** BENCH_RESULTS names the file; by default one per user in the temp folder, reset by run.ts (the first bench). */
export const RESULTS_FILE = process.env.BENCH_RESULTS ?? join(tmpdir(), `voxanne-bench-${process.getuid?.() ?? 'user'}.json`);

export type BenchKey =
  | 'org_ratio_express'
  | 'tool_calls_sustained_rps'
  | 'ingest_ack_p99_ms'
  | 'ingest_lost'
  | 'availability_p99_ms'
  | 'booking_throughput_per_s'
  | 'cluster_tool_calls_sustained_rps'
  | 'cluster_ingest_ack_p99_ms'
  | 'cluster_ingest_lost';

export function readResults(): Partial<Record<BenchKey, number>> {
  try {
    return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Partial<Record<BenchKey, number>>;
  } catch {
    return {};
  }
}

export function resetResults(): void {
  mkdirSync(join(RESULTS_FILE, '..'), { recursive: true });
  writeFileSync(RESULTS_FILE, '{}');
}

export function recordResult(key: BenchKey, value: number): void {
  writeFileSync(RESULTS_FILE, JSON.stringify({ ...readResults(), [key]: value }, null, 2));
}
