// `npm run bench`: a report, not a test. Three servers side by side in one run, under autocannon at equal
// concurrency: bare node:http, bare Express 5, and the full Voxanne stack on real PostgreSQL. Then the
// stack with one layer at a time switched off, and in-process timings of the per-request database work,
// to show where the time goes.
import autocannon from 'autocannon';
import { createTestDatabase } from '../test/support/database.ts';
import { call, createTenant } from '../test/support/client.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { inScope } from '../src/platform/db/tenancy.ts';
import { authenticateApiKey } from '../src/modules/api-keys/index.ts';
import { stackEnv, startTarget, stop } from './servers.ts';
import { recordResult, resetResults } from './results.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, url: string, headers: Record<string, string> = {}): Promise<Result> {
  // A short warm-up lets the JIT and the connection pool settle before the measured run.
  await autocannon({ url: `${url}/v1/org`, connections: CONNECTIONS, duration: 2, headers });
  const r = await autocannon({ url: `${url}/v1/org`, connections: CONNECTIONS, duration: DURATION, headers });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

async function timeEach(n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await fn();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - t) / 1e6 / n;
}

async function main() {
  resetResults();
  const results: Result[] = [];
  for (const kind of ['node', 'express'] as const) {
    const { url, child } = await startTarget(kind);
    results.push(await load(kind === 'node' ? 'bare node:http' : 'bare Express 5', url));
    await stop(child);
  }

  const db = await createTestDatabase();
  const baseEnv = stackEnv(db);
  let apiKey = '';
  let orgId = '';
  // The stack runs as in production (no dev mailbox): sign-up reads its verification mail from the database.
  const database = await openDatabase({ driver: 'pg', url: db.appUrl, migrationUrl: db.ownerUrl, poolMax: 4 });
  const variants: [string, Record<string, string>][] = [
    ['Voxanne full stack', {}],
    ['  without response validation', { VALIDATE_RESPONSES: 'false' }],
    ['  without request logging', { LOG_LEVEL: 'warn' }],
  ];
  // BENCH_CPU_PROF=<dir>: the full stack writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  for (const [name, env] of variants) {
    const { url, child } = await startTarget('voxanne', { ...baseEnv, ...env }, name === 'Voxanne full stack' ? profile : []);
    if (!apiKey) {
      const t = await createTenant({ url, knex: database.knex }, 'Bench Clinic');
      apiKey = t.adminKey;
      orgId = t.orgId;
      const check = await call(url, 'GET', '/v1/org', { creds: { apiKey } });
      if (check.status !== 200) throw new Error(`stack not answering: ${check.status}`);
    }
    results.push(await load(name, url, { authorization: `Bearer ${apiKey}` }));
    await stop(child);
  }

  // The database work of one request, without HTTP: the key lookup and the tenant transaction.
  const keyLookupMs = await timeEach(2000, () => authenticateApiKey(database, apiKey));
  const tenantTxMs = await timeEach(2000, () => inScope(database.knex, { orgId }, (tx) => tx('orgs').where({ id: orgId }).first()));
  const bareQueryMs = await timeEach(2000, () => database.knex.raw('select 1'));
  await database.close();
  await db.drop();

  const byName = Object.fromEntries(results.map((r) => [r.name.trim(), r]));
  const ours = byName['Voxanne full stack']!;
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\nGET /v1/org, ${CONNECTIONS} connections, ${DURATION} s each (after a 2 s warm-up)\n`);
  console.log(`${pad('target', 34)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}errors/non-2xx`);
  for (const r of results) console.log(`${pad(r.name, 34)}${pad(r.rps.toFixed(0), 10)}${pad(String(r.p50), 9)}${pad(String(r.p99), 9)}${r.errors}/${r.non2xx}`);
  const ratio = ours.rps / byName['bare Express 5']!.rps;
  recordResult('org_ratio_express', Number(ratio.toFixed(3)));
  console.log(`\nVoxanne / bare Express:   ${ratio.toFixed(2)}x`);
  console.log(`Voxanne / bare node:http: ${(ours.rps / byName['bare node:http']!.rps).toFixed(2)}x`);
  console.log(`Express / node:http:      ${(byName['bare Express 5']!.rps / byName['bare node:http']!.rps).toFixed(2)}x`);
  console.log(`\nWhere the time goes (sequential, in-process, real PostgreSQL):`);
  console.log(`  API key lookup transaction: ${keyLookupMs.toFixed(3)} ms`);
  console.log(`  tenant transaction (GET /v1/org's query): ${tenantTxMs.toFixed(3)} ms`);
  console.log(`  bare round trip (select 1): ${bareQueryMs.toFixed(3)} ms`);
  const noVal = byName['without response validation']!;
  const noLog = byName['without request logging']!;
  console.log(`  response validation costs ${(100 * (1 - ours.rps / noVal.rps)).toFixed(0)}% of throughput; request logging ${(100 * (1 - ours.rps / noLog.rps)).toFixed(0)}%`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
