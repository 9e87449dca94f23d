// Voice webhook benchmark (issue #5), a report, not a test: `npx tsx bench/voice.ts`.
// The stack runs in a child process on real PostgreSQL and Redis (servers.ts); this process only sends.
//  1. Tool calls: signed tool-calls messages running check_availability on a seeded clinic, at stepped fixed
//     arrival rates. The highest sustained rate is the highest step delivered within 5% of its target with
//     p99 <= 50 ms and no error or non-2xx. Compared with bare Express answering the same requests.
//  2. Ingest: end-of-call-reports of distinct calls at a fixed 500/s: the acknowledgement's latency, whether
//     every one was stored in the inbox, and how long the jobs took to process them all.
//
// Fixed rates are sent open-loop (each request leaves at its scheduled instant, whatever is still in flight)
// and latency counts from that instant, so a stall is charged in full. autocannon's overallRate is not used
// for this: each connection spends its per-second quota back-to-back at the start of every second (all
// connections aligned), so the server sees a burst at the connection count, not a rate, and its latency
// correction assumes a 1 ms interval whatever the rate. autocannon measures the closed-loop ceilings.
import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { signWebhook, type VoiceCallRef, type VoiceServerEvent } from '@voxanne/connector-kit';
import { encodeVapiServerMessage } from '@voxanne/connector-vapi/testing';
import { loadConfig } from '../src/config.ts';
import { bootPlatform, type Platform } from '../src/app/boot.ts';
import { inScope } from '../src/platform/db/tenancy.ts';
import { newId } from '../src/platform/ids.ts';
import { createTestDatabase } from '../test/support/database.ts';
import { createClinic, NINE_TO_FIVE, NY, type Clinic } from '../test/api/scheduling-support.ts';
import { addDays, localDateOf, localToUtc } from '../src/modules/scheduling/index.ts';
import { stackEnv, startTarget, stop } from './servers.ts';
import { recordResult } from './results.ts';

declare module 'autocannon' {
  interface Options {
    method?: string;
    requests?: { setupRequest?: (req: Record<string, unknown>) => Record<string, unknown> }[];
  }
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
// Finer at the bottom, where a slow route saturates; a step far past saturation is not run.
const RATES = (process.env.BENCH_RATES ?? '50,100,150,200,300,400,600,800,1000,1200').split(',').map(Number);
const INGEST_RATE = Number(process.env.BENCH_INGEST_RATE ?? 500);
const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 3);
const CALLS = 50;
const BOOKED_DAYS = 30;
const P99_BUDGET_MS = 50;
const DAY = 86_400_000;

interface Signed {
  body: Buffer;
  headers: Record<string, string>;
}

interface Step {
  target: number;
  achieved: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  /** 2xx answers that are not what was asked for (a tool's apology or error line instead of its result). */
  wrong: number;
  /** p99 of how late this process sent a request after its scheduled instant: the sender's own lag. */
  sendLagP99: number;
  /** CPU time per request of the server process and of its PostgreSQL backends: what the machine's load cannot inflate much. */
  cpu?: { server: number; pg: number };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const sustained = (s: Step) => s.achieved >= 0.95 * s.target && s.p99 <= P99_BUDGET_MS && s.errors + s.non2xx + s.wrong === 0;

const FIXED_BODY = (b: string) => b.includes('"object":"org"');
/** A slot offer, not an apology: a tool past its deadline still answers 200, with an error line. */
const TOOL_RESULT = (b: string) => b.includes('"result":"I have ') && !b.includes('"error":');

/** A request unanswered this long counts as an error (and cannot hang the run). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Sends `pool` in order at `rate` per second, open-loop, over keep-alive connections; `expect` checks each 2xx
 * body. Several URLs (API processes behind a load balancer) take the requests round robin.
 */
export async function fixedRate(url: string | string[], agent: Agent, rate: number, pool: Signed[], expect: (body: string) => boolean): Promise<Step> {
  const targets = (Array.isArray(url) ? url : [url]).map((u) => new URL(u));
  const total = pool.length;
  const latencies: number[] = [];
  const lags: number[] = [];
  let sent = 0;
  let done = 0;
  let errors = 0;
  let non2xx = 0;
  let wrong = 0;
  let lastEnd = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const finish = () => {
      lastEnd = performance.now();
      if (++done === total) resolve();
    };
    const fire = (s: Signed, due: number) => {
      lags.push(performance.now() - due);
      let settled = false;
      const settle = (ok: boolean, status = 0, body = '') => {
        if (settled) return;
        settled = true;
        if (!ok) errors++;
        else {
          latencies.push(performance.now() - due);
          if (status < 200 || status >= 300) non2xx++;
          else if (!expect(body)) wrong++;
        }
        finish();
      };
      const headers = { 'content-type': 'application/json', 'content-length': s.body.length, ...s.headers };
      const { hostname, port, pathname } = targets[sent % targets.length]!;
      const req = request({ agent, hostname, port, path: pathname, method: 'POST', headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => settle(true, res.statusCode!, body));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => settle(false));
      req.end(s.body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      for (; sent < due; sent++) fire(pool[sent]!, t0 + (sent * 1000) / rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return {
    target: rate,
    achieved: total / ((lastEnd - t0) / 1000),
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    errors,
    non2xx,
    wrong,
    sendLagP99: pct(lags, 99),
  };
}

/** Closed loop at CONNECTIONS, the way run.ts measures: each request takes the next body of the pool. */
async function ceiling(url: string, pool: Signed[]): Promise<number> {
  let i = 0;
  const r = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (req) => {
          const s = pool[i++ % pool.length]!;
          return { ...req, body: s.body, headers: { 'content-type': 'application/json', ...s.headers } };
        },
      },
    ],
  });
  if (r.non2xx || r.errors) console.log(`  (${url}: ${r.errors} errors, ${r.non2xx} non-2xx in the ceiling run)`);
  return r.requests.average;
}

const callRef = (externalCallId: string, customer: string): VoiceCallRef => ({
  externalCallId,
  direction: 'inbound',
  assistantExternalId: 'asst-bench',
  phoneNumberExternalId: 'pn-bench',
  phoneNumber: '+15005550006',
  customerNumber: customer,
  metadata: {},
});

const sign = (secret: string, event: VoiceServerEvent): Signed => {
  const rawBody = JSON.stringify(encodeVapiServerMessage(event));
  return { body: Buffer.from(rawBody), headers: signWebhook({ secret, rawBody }) };
};

/**
 * `n` tool-calls messages signed now (timestamps must be fresh), each with its own toolCallId, spread over
 * CALLS live calls and the next 14 days, so every one runs check_availability for real.
 */
export function toolCalls(secret: string, n: number, run: string): Signed[] {
  const today = Date.now();
  return Array.from({ length: n }, (_, i) =>
    sign(secret, {
      type: 'tool-calls',
      call: callRef(`bench-call-${i % CALLS}`, `+1555010${String(i % CALLS).padStart(4, '0')}`),
      timestamp: new Date().toISOString(),
      toolCalls: [
        {
          toolCallId: `call_${run}_${i}`,
          name: 'check_availability',
          arguments: { date_from: new Date(today + (1 + (i % 14)) * DAY).toISOString().slice(0, 10), service: 'Cleaning' },
        },
      ],
    }),
  );
}

/** End-of-call-reports of `n` distinct calls: each is a new inbox row (the dedupe key is per call). */
export function reports(secret: string, n: number, run = 'report'): Signed[] {
  const started = new Date(Date.now() - 5 * 60_000);
  const at = (s: number) => new Date(started.getTime() + s * 1000).toISOString();
  return Array.from({ length: n }, (_, i) => {
    const phone = `+1555020${String(i % 1000).padStart(4, '0')}`;
    return sign(secret, {
      type: 'end-of-call-report',
      call: callRef(`bench-${run}-${i}`, phone),
      timestamp: at(95),
      endedReason: 'customer-ended-call',
      transcript: `AI: Thanks for calling Bright Smile Dental.\nUser: Hi, I'd like a cleaning next Tuesday, my number is ${phone}.\nAI: I have 9:00 or 10:30 on Tuesday. Which works for you?\nUser: 10:30 please.`,
      messages: [
        { role: 'assistant', text: 'Thanks for calling Bright Smile Dental.', secondsFromStart: 0.4 },
        { role: 'user', text: `Hi, I'd like a cleaning next Tuesday, my number is ${phone}.`, secondsFromStart: 3.1 },
        { role: 'assistant', text: 'I have 9:00 or 10:30 on Tuesday. Which works for you?', secondsFromStart: 9.8 },
        { role: 'user', text: '10:30 please.', secondsFromStart: 14.2 },
      ],
      summary: 'Caller asked for a cleaning next Tuesday and chose 10:30.',
      structuredData: { service: 'cleaning', preferred_time: 'Tuesday 10:30' },
      recordingUrl: `https://storage.example/recordings/bench-${run}-${i}.wav`,
      cost: { amountMicros: 123_400, currency: 'USD' },
      startedAt: at(0),
      endedAt: at(95),
      durationSeconds: 95,
    });
  });
}

/**
 * Half of every practitioner's day booked for the next 30 days (every other half hour, staggered between
 * practitioners), inserted straight into the table as scheduling.ts does, at the clinic's local times.
 */
export async function seedBookings(platform: Platform, clinic: Clinic & { resourceIds: string[] }): Promise<number> {
  const today = localDateOf(Date.now(), NY);
  const rows = clinic.resourceIds.flatMap((resourceId, r) =>
    Array.from({ length: BOOKED_DAYS * 8 }, (_, i) => {
      const start = localToUtc(addDays(today, Math.floor(i / 8)), 9 * 60 + ((i % 8) * 2 + (r % 2)) * 30, NY);
      const end = new Date(start + 30 * 60_000);
      return {
        id: newId('booking'),
        org_id: clinic.tenant.orgId,
        kind: 'booking',
        status: 'confirmed',
        service_id: clinic.serviceId,
        resource_id: resourceId,
        location_id: clinic.locationId,
        starts_at: new Date(start),
        ends_at: end,
        blocked_from: new Date(start),
        blocked_until: end,
        patient_name: 'Bench',
        patient_phone: '+15550001111',
        confirmation_code: `V${String(r).padStart(2, '0')}${String(i).padStart(3, '0')}`,
      };
    }),
  );
  await inScope(platform.knex, { orgId: clinic.tenant.orgId }, async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await tx('bookings').insert(rows.slice(i, i + 500));
  });
  return rows.length;
}

/**
 * Until the server's jobs are done with the reports: every inbox row processed, every analysis they queued
 * finished, and nothing waiting or running. (Delayed jobs are not waited for: the inbox sweeper always has
 * its next run scheduled.)
 */
export async function drained(platform: Platform, orgId: string): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const c = await platform.queue.counts();
    const [inbox, analyses] = await inScope(platform.knex, { orgId }, (tx) =>
      Promise.all([tx('voice_inbox').whereNull('processed_at').count({ n: '*' }), tx('calls').where({ analysis_status: 'pending' }).count({ n: '*' })]),
    );
    const left = Number(inbox[0]?.n ?? 0) + Number(analyses[0]?.n ?? 0);
    if (c.waiting + c.active === 0 && left === 0) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > 15 * 60_000) throw new Error(`jobs not done after 15 minutes: ${left} rows left, queue ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** User + system CPU of a process so far, in ms (Linux /proc; NaN elsewhere). Clock ticks are 10 ms. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** CPU ms per request that the server and its PostgreSQL backends spent while `work` ran, over `count` requests. */
async function withCpu<T>(platform: Platform, database: string, serverPid: number, count: number, work: () => Promise<T>): Promise<[T, { server: number; pg: number }]> {
  const backends = async () => new Map(((await platform.knex('pg_stat_activity').where({ datname: database }).select('pid')) as { pid: number }[]).map((r) => [r.pid, cpuMs(r.pid)]));
  const [server0, pg0] = [cpuMs(serverPid), await backends()];
  const result = await work();
  const [server1, pg1] = [cpuMs(serverPid), await backends()];
  // A backend that started meanwhile counts from zero; one that ended meanwhile is lost (rare: the pool keeps them).
  const pg = [...pg1].reduce((sum, [pid, ms]) => sum + ms - (pg0.get(pid) ?? 0), 0);
  return [result, { server: (server1 - server0) / count, pg: pg / count }];
}

export async function forgetKeys(platform: Platform, prefix: string): Promise<void> {
  const redis = platform.redis;
  if (!redis) return;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Progress on stderr, so a long run shows where it is; the report is stdout. */
const phase = (what: string) => process.stderr.write(`[voice bench ${new Date().toISOString().slice(11, 19)}] ${what}\n`);

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const pad = (s: string, n: number) => s.padEnd(n);

function printSteps(title: string, steps: Step[]) {
  console.log(`\n${title}`);
  console.log(`${pad('target/s', 10)}${pad('achieved/s', 12)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('errors/non-2xx/wrong', 22)}${pad('send lag p99', 14)}${pad('CPU ms/req server+db', 22)}sustained`);
  for (const s of steps) {
    console.log(
      `${pad(String(s.target), 10)}${pad(fmt(s.achieved, 0), 12)}${pad(fmt(s.p50), 9)}${pad(fmt(s.p99), 9)}${pad(fmt(s.max), 9)}${pad(`${s.errors}/${s.non2xx}/${s.wrong}`, 22)}${pad(`${fmt(s.sendLagP99)} ms`, 14)}${pad(s.cpu ? `${fmt(s.cpu.server, 2)} + ${fmt(s.cpu.pg, 2)}` : '-', 22)}${sustained(s) ? 'yes' : 'no'}`,
    );
  }
}

async function main() {
  const top = Math.max(...RATES);
  const load0 = loadavg()[0]!;

  // Bare Express first: the same signed requests, answered with a fixed body it never reads.
  phase('bare Express: ceiling and the top rate');
  const express = await startTarget('express');
  const fakeOrg = 'org_00000000000000000000000000';
  const baseUrl = `${express.url}/v1/voice/webhooks/${fakeOrg}`;
  const expressCeiling = await ceiling(baseUrl, toolCalls('x', 20_000, 'x'));
  const expressAgent = new Agent({ keepAlive: true, maxSockets: 1024 });
  await fixedRate(baseUrl, expressAgent, top, toolCalls('x', top, 'w'), FIXED_BODY);
  const expressStep = await fixedRate(baseUrl, expressAgent, top, toolCalls('x', top * SECONDS, 'x'), FIXED_BODY);
  expressAgent.destroy();
  await stop(express.child);
  phase(`  ${top}/s: achieved ${fmt(expressStep.achieved, 0)}/s, p99 ${fmt(expressStep.p99)} ms; ceiling ${fmt(expressCeiling, 0)}/s`);

  phase('Voxanne: database, server, clinic');
  const db = await createTestDatabase();
  // The deployment the issue describes: the API answers, a separate worker process processes (RUN_WORKERS=false).
  const namespace = `benchv${process.pid}`;
  const env = { ...stackEnv(db), LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', RUN_WORKERS: 'false', BENCH_NAMESPACE: namespace };
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const server = await startTarget('voxanne', env, profile).catch(async (err) => {
    await db.drop();
    throw err;
  });
  const worker = await startTarget('worker', env).catch(async (err) => {
    await stop(server.child);
    await db.drop();
    throw err;
  });
  // This process's own view of the same deployment (same config, the server's queue namespace): it reads
  // the org's webhook secret the way the server does, seeds the clinic's bookings and watches the queue.
  const platform = await bootPlatform(loadConfig({ ...process.env, ...env, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production' }), {
    logger: pino({ level: 'silent' }),
    namespace,
    migrate: false,
  });
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      phase('shutting down');
      await stop(server.child);
      await stop(worker.child);
      // Kept completed jobs never expire in a namespace nobody uses again.
      await forgetKeys(platform, `vox_${namespace}:`);
      await platform.close();
      await db.drop();
    })());
  // Interrupted (Ctrl-C, a timeout), the server still stops and the database is still dropped.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  try {
    const clinic = await createClinic({ url: server.url, knex: platform.knex }, { resources: RESOURCES, hours: NINE_TO_FIVE });
    const orgId = clinic.tenant.orgId;
    const bookings = await seedBookings(platform, clinic);
    const secret = await platform.connectors.webhookSecret(orgId);
    const url = `${server.url}/v1/voice/webhooks/${orgId}`;

    const probe = toolCalls(secret, 1, 'probe')[0]!;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...probe.headers }, body: probe.body });
    const answer = await res.text();
    if (res.status !== 200 || !answer.includes('"results"')) throw new Error(`webhook not answering tool calls: ${res.status} ${answer}`);
    console.log(`\nprobe tool-calls answer: ${answer.slice(0, 300)}`);

    // What signing on the send path would cost per request; pools are signed before each step instead.
    const signStart = performance.now();
    toolCalls(secret, 5_000, 'sign');
    const signMicros = ((performance.now() - signStart) * 1000) / 5_000;

    phase('tool-calls: warm-up, then the steps');
    // Warm-up: JIT, the connection pools, and the CALLS call rows that every later tool call reuses.
    const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
    await fixedRate(url, agent, 100, toolCalls(secret, 300, 'warm'), TOOL_RESULT);

    const steps: Step[] = [];
    for (const rate of RATES) {
      // Signed just before the step, so every timestamp is seconds old (the tolerance is 5 minutes).
      const pool = toolCalls(secret, rate * SECONDS, `r${rate}`);
      const [step, cpu] = await withCpu(platform, db.name, server.child.pid!, pool.length, () => fixedRate(url, agent, rate, pool, TOOL_RESULT));
      steps.push({ ...step, cpu });
      phase(`  ${rate}/s: achieved ${fmt(step.achieved, 0)}/s, p99 ${fmt(step.p99)} ms, ${step.errors}/${step.non2xx}/${step.wrong} errors/non-2xx/wrong`);
      // Past saturation the next step measures only the backlog.
      if (step.achieved < 0.8 * rate) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    phase('tool-calls: closed-loop ceiling');
    const voiceCeiling = await ceiling(url, toolCalls(secret, 40_000, 'ceiling'));

    phase(`ingest: ${INGEST_RATE}/s for ${INGEST_SECONDS} s, then waiting for the jobs`);
    const eocr = reports(secret, INGEST_RATE * INGEST_SECONDS);
    const before = await inScope(platform.knex, { orgId }, (tx) => tx('voice_inbox').where({ type: 'end-of-call-report' }).count({ n: '*' }));
    // The CPU here covers the acknowledgements (API) and the processing of every report (worker: inbox job, analysis).
    const worker0 = cpuMs(worker.child.pid!);
    const [[ingest, stored, drainSeconds], ingestCpu] = await withCpu(platform, db.name, server.child.pid!, eocr.length, async () => {
      const step = await fixedRate(url, agent, INGEST_RATE, eocr, (b) => b === '{"received":true}');
      const after = await inScope(platform.knex, { orgId }, (tx) => tx('voice_inbox').where({ type: 'end-of-call-report' }).count({ n: '*' }));
      return [step, Number(after[0]!.n) - Number(before[0]!.n), await drained(platform, orgId)] as const;
    });
    const workerCpu = (cpuMs(worker.child.pid!) - worker0) / eocr.length;
    agent.destroy();

    const best = steps.filter(sustained).at(-1);
    console.log(`\nload average (1 min) at start ${fmt(load0)}, at the end ${fmt(loadavg()[0]!)}: other work on this machine shows here`);
    console.log(`Voice webhook, POST /v1/voice/webhooks/{org_id}, Vapi wire format, HMAC-signed; ${SECONDS} s per step`);
    console.log(`clinic: ${RESOURCES} practitioners, 9:00-17:00 New York every day, half booked (${bookings} bookings over ${BOOKED_DAYS} days); ${CALLS} live calls`);
    console.log(`sender: open-loop at fixed rates; encoding and signing a body costs ${fmt(signMicros)} µs, done for the whole step before it starts`);
    printSteps('bare Express 5, fixed JSON body, same requests (the sender\'s check):', [expressStep]);
    printSteps('tool-calls, check_availability (date_from = one of the next 14 days, service by name):', steps);
    printSteps(`ingest, end-of-call-report of distinct calls, ${INGEST_SECONDS} s:`, [ingest]);
    console.log(`  stored in voice_inbox: ${stored}/${eocr.length}; every job processed ${fmt(drainSeconds)} s after the last acknowledgement`);
    console.log(`  CPU per report: ${fmt(ingestCpu.server, 2)} ms API (acknowledgement) + ${fmt(workerCpu, 2)} ms worker (processing) + ${fmt(ingestCpu.pg, 2)} ms PostgreSQL`);
    console.log(`\nhighest sustained tool-calls rate (p99 <= ${P99_BUDGET_MS} ms, within 5% of target, no errors): ${best ? `${best.target} req/s` : 'none of the steps'}`);
    console.log(`closed-loop ceilings at ${CONNECTIONS} connections: bare Express ${fmt(expressCeiling, 0)} req/s, tool-calls ${fmt(voiceCeiling, 0)} req/s`);
    console.log(`tool-calls / bare Express (ceilings):      ${(voiceCeiling / expressCeiling).toFixed(3)}x`);
    if (best) console.log(`sustained tool-calls rate / bare Express ceiling: ${(best.target / expressCeiling).toFixed(3)}x`);
    console.log(`ingest acknowledgement at ${INGEST_RATE} req/s (API with RUN_WORKERS=false, one worker process): p50 ${fmt(ingest.p50)} ms, p99 ${fmt(ingest.p99)} ms`);
    recordResult('tool_calls_sustained_rps', best ? best.target : 0);
    recordResult('ingest_ack_p99_ms', Number(ingest.p99.toFixed(1)));
    // Lost: acknowledged (200) but not stored; unanswered requests show as errors in the table above.
    recordResult('ingest_lost', Math.max(0, eocr.length - ingest.errors - ingest.non2xx - ingest.wrong - stored));
  } finally {
    await cleanup();
  }
}

// Imported (a one-off experiment), nothing runs.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
