// Scale-out benchmark (issue #11), a report, not a test: `npm run bench:cluster --workspace @voxanne/core`.
// Two API processes (RUN_WORKERS=false) and one worker process on one PostgreSQL and one Redis, the load
// generator sending round robin between the two APIs as a load balancer would. It reports the highest
// sustained check_availability tool-call rate (p99 <= 50 ms), and the acknowledgement latency of
// end-of-call-reports at 500/s with every one stored and processed by the worker. Correctness under the same
// setup (no double booking, no lost ingest, revocation everywhere) is a test: test/cluster/two-processes.test.ts.
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { pino } from 'pino';
import { loadConfig } from '../src/config.ts';
import { bootPlatform } from '../src/app/boot.ts';
import { inScope } from '../src/platform/db/tenancy.ts';
import { createTestDatabase } from '../test/support/database.ts';
import { createClinic, NINE_TO_FIVE } from '../test/api/scheduling-support.ts';
import { stackEnv, startTarget, stop } from './servers.ts';
import { cpuMs, drained, fixedRate, forgetKeys, reports, seedBookings, toolCalls } from './voice.ts';
import { recordResult } from './results.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RATES = (process.env.BENCH_RATES ?? '100,200,400,600,800,1000,1200,1600').split(',').map(Number);
const INGEST_RATE = Number(process.env.BENCH_INGEST_RATE ?? 500);
const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const P99_BUDGET_MS = 50;

const TOOL_RESULT = (b: string) => b.includes('"result":"I have ') && !b.includes('"error":');
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const phase = (what: string) => process.stderr.write(`[cluster bench ${new Date().toISOString().slice(11, 19)}] ${what}\n`);

async function main() {
  const load0 = loadavg()[0]!;
  const db = await createTestDatabase();
  const namespace = `benchc${process.pid}`;
  const env = { ...stackEnv(db), LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', RUN_WORKERS: 'false', BENCH_NAMESPACE: namespace };
  phase('two API processes and one worker');
  const first = await startTarget('voxanne', env); // runs the migrations
  const [second, worker] = await Promise.all([startTarget('voxanne', env), startTarget('worker', env)]);
  const platform = await bootPlatform(loadConfig({ ...process.env, ...env, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production' }), {
    logger: pino({ level: 'silent' }),
    namespace,
    migrate: false,
  });
  try {
    const clinic = await createClinic({ url: first.url, knex: platform.knex }, { resources: 3, hours: NINE_TO_FIVE });
    const orgId = clinic.tenant.orgId;
    await seedBookings(platform, clinic);
    const secret = await platform.connectors.webhookSecret(orgId);
    const urls = [first.url, second.url].map((u) => `${u}/v1/voice/webhooks/${orgId}`);
    const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
    await fixedRate(urls, agent, 100, toolCalls(secret, 300, 'warm'), TOOL_RESULT);

    const steps: Awaited<ReturnType<typeof fixedRate>>[] = [];
    for (const rate of RATES) {
      const step = await fixedRate(urls, agent, rate, toolCalls(secret, rate * SECONDS, `c${rate}`), TOOL_RESULT);
      steps.push(step);
      phase(`  tool-calls ${rate}/s: achieved ${fmt(step.achieved, 0)}/s, p99 ${fmt(step.p99)} ms, ${step.errors}/${step.non2xx}/${step.wrong} errors/non-2xx/wrong`);
      if (step.achieved < 0.8 * rate) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const sustained = steps.filter((s) => s.achieved >= 0.95 * s.target && s.p99 <= P99_BUDGET_MS && s.errors + s.non2xx + s.wrong === 0).at(-1);

    phase(`ingest: ${INGEST_RATE}/s for ${INGEST_SECONDS} s through both APIs`);
    const eocr = reports(secret, INGEST_RATE * INGEST_SECONDS, 'cluster');
    const count = async () => Number((await inScope(platform.knex, { orgId }, (tx) => tx('voice_inbox').where({ type: 'end-of-call-report' }).count({ n: '*' })))[0]!.n);
    const before = await count();
    const cpu0 = [first, second, worker].map((p) => cpuMs(p.child.pid!));
    const ingest = await fixedRate(urls, agent, INGEST_RATE, eocr, (b) => b === '{"received":true}');
    const drainSeconds = await drained(platform, orgId);
    // Counted once the worker is done: a request the sender gave up on may still have been stored.
    const stored = (await count()) - before;
    const acknowledged = eocr.length - ingest.errors - ingest.non2xx - ingest.wrong;
    const cpu = [first, second, worker].map((p, i) => (cpuMs(p.child.pid!) - cpu0[i]!) / eocr.length);
    const processed = Number((await inScope(platform.knex, { orgId }, (tx) => tx('voice_inbox').where({ type: 'end-of-call-report' }).whereNotNull('processed_at').count({ n: '*' })))[0]!.n);
    agent.destroy();

    console.log(`\nload average (1 min) at start ${fmt(load0)}, at the end ${fmt(loadavg()[0]!)}: other work on this machine shows here`);
    console.log('Two API processes (RUN_WORKERS=false) + one worker, one PostgreSQL, one Redis; requests round robin between the APIs');
    console.log(`\ntool-calls check_availability, ${SECONDS} s per step:`);
    for (const s of steps) console.log(`  ${String(s.target).padEnd(6)} achieved ${fmt(s.achieved, 0).padEnd(6)} p50 ${fmt(s.p50).padEnd(7)} p99 ${fmt(s.p99).padEnd(7)} errors/non-2xx/wrong ${s.errors}/${s.non2xx}/${s.wrong}`);
    console.log(`highest sustained (p99 <= ${P99_BUDGET_MS} ms, within 5% of target, no errors): ${sustained ? `${sustained.target} req/s` : 'none of the steps'}`);
    console.log(`\ningest, end-of-call-reports at ${INGEST_RATE}/s for ${INGEST_SECONDS} s: p50 ${fmt(ingest.p50)} ms, p99 ${fmt(ingest.p99)} ms, ${ingest.errors}/${ingest.non2xx} errors/non-2xx`);
    console.log(`  acknowledged ${acknowledged}/${eocr.length}, stored ${stored}, processed by the worker ${processed}; every job done ${fmt(drainSeconds)} s after the last acknowledgement`);
    console.log(`  CPU per report: API ${fmt(cpu[0]!, 2)} + ${fmt(cpu[1]!, 2)} ms, worker ${fmt(cpu[2]!, 2)} ms`);
    recordResult('cluster_tool_calls_sustained_rps', sustained ? sustained.target : 0);
    recordResult('cluster_ingest_ack_p99_ms', Number(ingest.p99.toFixed(1)));
    // Lost: acknowledged (200) but not stored. Unanswered requests are counted apart, as errors.
    recordResult('cluster_ingest_lost', Math.max(0, acknowledged - stored));
  } finally {
    phase('shutting down');
    await Promise.all([first, second, worker].map((p) => stop(p.child)));
    // Kept completed jobs never expire in a namespace nobody uses again.
    await forgetKeys(platform, `vox_${namespace}:`);
    await platform.close();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
