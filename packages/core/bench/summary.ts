// The last step of `npm run bench`: issue #11's table, this run's figures beside main's and the bars.
// A row that a bench did not measure in this run says so.
import { readResults, RESULTS_FILE, type BenchKey } from './results.ts';

interface Row {
  measure: string;
  main: string;
  bar: string;
  key: BenchKey;
  unit: (v: number) => string;
  meets: (v: number) => boolean;
  extra?: BenchKey;
}

const rows: Row[] = [
  { measure: 'tool-calls check_availability, highest open-loop rate with p99 <= 50 ms', main: '150 req/s', bar: '>= 1,000 req/s', key: 'tool_calls_sustained_rps', unit: (v) => `${v} req/s`, meets: (v) => v >= 1000 },
  { measure: 'GET /v1/org with an API key, full stack / bare Express 5', main: '0.08x', bar: '>= 0.30x', key: 'org_ratio_express', unit: (v) => `${v.toFixed(2)}x`, meets: (v) => v >= 0.3 },
  { measure: 'end-of-call-report ack at 500 req/s (1 API + 1 worker)', main: 'p99 104 ms', bar: 'p99 <= 20 ms, 0 lost', key: 'ingest_ack_p99_ms', unit: (v) => `p99 ${v.toFixed(1)} ms`, meets: (v) => v <= 20, extra: 'ingest_lost' },
  { measure: 'availability, 10 resources / 5,000 bookings, 7 days', main: 'p99 31-45 ms', bar: 'p99 <= 15 ms', key: 'availability_p99_ms', unit: (v) => `p99 ${v.toFixed(1)} ms`, meets: (v) => v <= 15 },
  { measure: 'booking throughput, distinct slots', main: '54-73/s', bar: '>= 300/s', key: 'booking_throughput_per_s', unit: (v) => `${v.toFixed(0)}/s`, meets: (v) => v >= 300 },
  { measure: '2 API processes + 1 worker: tool-calls sustained (round robin)', main: '-', bar: 'same correctness', key: 'cluster_tool_calls_sustained_rps', unit: (v) => `${v} req/s`, meets: () => true },
  { measure: '2 API processes + 1 worker: ingest ack at 500 req/s', main: '-', bar: 'p99 <= 20 ms, 0 lost', key: 'cluster_ingest_ack_p99_ms', unit: (v) => `p99 ${v.toFixed(1)} ms`, meets: (v) => v <= 20, extra: 'cluster_ingest_lost' },
];

const r = readResults();
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\nIssue #11, this run (figures from ${RESULTS_FILE}):\n`);
console.log(`${pad('measure', 74)}${pad('main', 14)}${pad('bar', 24)}${pad('this run', 26)}meets bar`);
for (const row of rows) {
  const v = r[row.key];
  const lost = row.extra !== undefined ? r[row.extra] : undefined;
  const shown = v === undefined ? 'not measured' : `${row.unit(v)}${lost !== undefined ? `, ${lost} lost` : ''}`;
  const meets = v === undefined ? '-' : row.meets(v) && (lost === undefined || lost === 0) ? 'yes' : 'no';
  console.log(`${pad(row.measure, 74)}${pad(row.main, 14)}${pad(row.bar, 24)}${pad(shown, 26)}${meets}`);
}
console.log('\nA shared or busy machine lowers every absolute figure; the ratios against baselines measured in the same run are what compare.');
