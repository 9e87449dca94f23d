/**
 * THE crash test of the voice inbox: an API process that runs no workers, and a separate worker process
 * (`tsx src/main.ts worker`) on the same PostgreSQL, Redis and queue namespace. A batch of signed
 * end-of-call-reports goes through the real webhook; the worker is SIGKILLed mid-batch, more reports arrive
 * while no worker runs, a new worker starts. Nothing may be lost and no effect may happen twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeVapiServerMessage, sendServerMessage } from '@voxanne/connector-vapi/testing';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { generateKeySpec } from '../../src/platform/crypto/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createTenant, createTestDatabase, TEST_REDIS_URL, type Tenant, type TestDatabase } from '../support/index.ts';
import { callRef, report, until } from './voice-inbox.support.ts';

const CORE = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRET = 'crash-test-voice-webhook-secret-0123456789';
const BATCH = 30;
const KILLED_AFTER = 10;
const SSN = '123-45-6789';

let db: TestDatabase;
let dataDir: string;
let api: RunningServer;
let env: Record<string, string>;
let t: Tenant;
/** The org's signing secret (derived per org from VOICE_WEBHOOK_SECRET), as its assistants are configured with. */
let orgSecret: string;
const apiLogs: string[] = [];
const workerOutput: string[] = [];
const workers: Worker[] = [];

interface Worker {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npx tsx` runs the worker in a grandchild process: it gets its own process group so a kill reaches all of it. */
async function startWorker(): Promise<Worker> {
  const child = spawn('npx', ['tsx', 'src/main.ts', 'worker'], { cwd: CORE, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      workerOutput.push(String(chunk));
      if (out.includes('"msg":"worker started"')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => workerOutput.push(String(chunk)));
    void exited.then(({ code, signal }) => reject(new Error(`worker exited before it was ready (${code ?? signal}): ${workerOutput.join('').slice(-2000)}`)));
  });
  const worker = { child, exited };
  workers.push(worker);
  await ready;
  return worker;
}

async function stopWorker(w: Worker, signal: NodeJS.Signals) {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return w.exited;
  process.kill(-w.child.pid!, signal);
  return w.exited;
}

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'voxanne-crash-'));
  env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    VOXANNE_DATA_DIR: dataDir,
    VOXANNE_ENCRYPTION_KEYS: generateKeySpec('crash1'),
    DATABASE_URL: db.appUrl,
    DATABASE_MIGRATION_URL: db.ownerUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_NAMESPACE: `crash${randomBytes(5).toString('hex')}`,
    // A killed worker's jobs return after the lock lapses; 5 s instead of BullMQ's 30 s keeps the test short.
    QUEUE_LOCK_MS: '5000',
    VOICE_WEBHOOK_SECRET: SECRET,
  };
  const config = loadConfig({ ...env, HOST: '127.0.0.1', PORT: '0', RUN_WORKERS: 'false' });
  const sink = new Writable({
    write(chunk, _enc, cb) {
      apiLogs.push(String(chunk));
      cb();
    },
  });
  api = await startServer(config, { logger: createLogger('info', sink), namespace: config.queueNamespace });
  t = await createTenant(api.url, 'Crash Clinic');
  orgSecret = await api.platform.connectors.webhookSecret(t.orgId);
});

afterAll(async () => {
  for (const w of workers) await stopWorker(w, 'SIGKILL');
  await api?.stop();
  await db?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const scoped = <T>(fn: Parameters<typeof inScope<T>>[2]) => inScope(api.platform.knex, { orgId: t.orgId }, fn);
const processed = () => scoped(async (tx) => Number((await tx('voice_inbox').whereNotNull('processed_at').count<{ n: string }[]>({ n: '*' }))[0]!.n));

async function post(i: number) {
  const ref = `vapi-crash-${i}`;
  const event = report(callRef(ref, `+1555020${String(i).padStart(4, '0')}`), {
    messages: [
      { role: 'assistant', text: 'Can I have your social security number to find your file?', secondsFromStart: 1 },
      { role: 'user', text: `Sure, it's ${SSN}.`, secondsFromStart: 4 },
    ],
  });
  const res = await sendServerMessage(`${api.url}/v1/voice/webhooks/${t.orgId}`, encodeVapiServerMessage(event), orgSecret);
  expect(res).toEqual({ status: 200, body: { received: true } });
}

it('loses nothing and duplicates nothing when the worker is killed mid-batch', async () => {
  const first = await startWorker();
  await Promise.all(Array.from({ length: KILLED_AFTER }, (_, i) => post(i)));
  await until(processed, (n) => n >= 1, 'the worker to start on the batch', 60_000);
  expect(await stopWorker(first, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

  // Reports keep arriving while no worker runs: the webhook still stores and acknowledges each.
  await Promise.all(Array.from({ length: BATCH - KILLED_AFTER }, (_, i) => post(KILLED_AFTER + i)));
  const atRestart = await processed();
  expect(atRestart).toBeGreaterThanOrEqual(1);
  expect(atRestart).toBeLessThan(BATCH);

  const second = await startWorker();
  // Jobs the killed worker held come back once their lock expires (BullMQ's stalled-job check, QUEUE_LOCK_MS: 5 s here).
  await until(processed, (n) => n === BATCH, 'the new worker to process every stored report', 150_000);

  const calls = await scoped((tx) => tx('calls').select('id', 'status', 'outcome', 'transcript', 'contact_id'));
  expect(calls).toHaveLength(BATCH);
  for (const c of calls) expect(c).toMatchObject({ status: 'ended', outcome: 'information', contact_id: expect.stringMatching(/^ctc_/) });

  const ended = await scoped((tx) => tx('outbox_events').where({ type: 'call.ended' }).select(tx.raw(`payload->>'call_id' AS call_id`)));
  expect(ended).toHaveLength(BATCH);
  expect(new Set(ended.map((e: { call_id: string }) => e.call_id))).toEqual(new Set(calls.map((c: { id: string }) => c.id)));
  const started = await scoped((tx) => tx('outbox_events').where({ type: 'call.started' }).count<{ n: string }[]>({ n: '*' }));
  expect(Number(started[0]!.n)).toBe(BATCH);
  const contactsCreated = await scoped((tx) => tx('outbox_events').where({ type: 'contact.created' }).count<{ n: string }[]>({ n: '*' }));
  expect(Number(contactsCreated[0]!.n)).toBe(BATCH);
  const timelineEnds = await scoped((tx) => tx('call_events').where({ type: 'ended' }).select('call_id'));
  expect(timelineEnds).toHaveLength(BATCH);
  expect(new Set(timelineEnds.map((e: { call_id: string }) => e.call_id)).size).toBe(BATCH);

  const inbox = await scoped((tx) => tx('voice_inbox').select('processed_at', 'payload_enc'));
  expect(inbox).toHaveLength(BATCH);
  for (const row of inbox) expect(row).toEqual({ processed_at: expect.any(Date), payload_enc: null });

  // And the SSN every caller said is nowhere: not in the records, not in any process's logs.
  expect(JSON.stringify(calls)).not.toContain(SSN);
  expect(apiLogs.join('')).not.toContain(SSN);
  expect(workerOutput.join('')).not.toContain(SSN);

  await stopWorker(second, 'SIGTERM');
}, 300_000);
