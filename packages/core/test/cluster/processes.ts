/**
 * Real processes for the scale-out tests and bench: API processes (`tsx src/main.ts serve` with
 * RUN_WORKERS=false) and workers (`tsx src/main.ts worker`) on one PostgreSQL, one Redis and one queue
 * namespace, as a deployment behind a load balancer runs them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { generateKeySpec } from '../../src/platform/crypto/index.ts';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../support/index.ts';

const CORE = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX = join(CORE, '..', '..', 'node_modules', '.bin', 'tsx');

export interface Proc {
  child: ChildProcess;
  /** The API's URL; undefined for a worker. */
  url?: string;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Cluster {
  db: TestDatabase;
  env: Record<string, string>;
  apis: Proc[];
  workers: Proc[];
  stop(): Promise<void>;
}

function start(command: 'serve' | 'worker', env: Record<string, string>, nodeArgs: string[] = []): Promise<Proc> {
  // A worker says it is ready at info level.
  const own = command === 'worker' ? { ...env, LOG_LEVEL: 'info' } : env;
  const child = spawn(TSX, [...nodeArgs, 'src/main.ts', command], { cwd: CORE, env: { ...process.env, ...own }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise<Proc>((resolve, reject) => {
    let text = '';
    const keep = (chunk: Buffer) => {
      // Only the tail: a process under load writes a lot, and only the end explains a failure.
      output.push(String(chunk));
      if (output.length > 200) output.shift();
    };
    const onData = (chunk: Buffer) => {
      keep(chunk);
      if (text.length < 100_000) text += String(chunk);
      const listening = /Voxanne is listening on (http:\/\/\S+)/.exec(text);
      if (command === 'serve' && listening) resolve({ child, url: listening[1]!.replace('localhost', '127.0.0.1'), output, exited });
      if (command === 'worker' && text.includes('"msg":"worker started"')) resolve({ child, output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', keep);
    void exited.then(({ code, signal }) => reject(new Error(`${command} exited before it was ready (${code ?? signal}): ${output.join('').slice(-3000)}`)));
  });
}

export async function stopProc(p: Proc, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
  await p.exited;
  clearTimeout(timer);
}

/** `apis` API processes and `workers` worker processes; the first API process runs the migrations. */
export async function startCluster(opts: { apis?: number; workers?: number; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<Cluster> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'voxanne-cluster-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    VOXANNE_DATA_DIR: dataDir,
    VOXANNE_ENCRYPTION_KEYS: generateKeySpec('cluster1'),
    DATABASE_URL: db.appUrl,
    DATABASE_MIGRATION_URL: db.ownerUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_NAMESPACE: `cl${randomBytes(5).toString('hex')}`,
    VOICE_WEBHOOK_SECRET: 'cluster-voice-webhook-secret-0123456789',
    RUN_WORKERS: 'false',
    ...opts.env,
  };
  const apis: Proc[] = [];
  const workers: Proc[] = [];
  const stop = async () => {
    await Promise.all([...apis, ...workers].map((p) => stopProc(p)));
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    apis.push(await start('serve', env, opts.nodeArgs));
    const rest = await Promise.all([
      ...Array.from({ length: (opts.apis ?? 2) - 1 }, () => start('serve', env, opts.nodeArgs)),
      ...Array.from({ length: opts.workers ?? 1 }, () => start('worker', env, opts.nodeArgs)),
    ]);
    for (const p of rest) (p.url ? apis : workers).push(p);
  } catch (err) {
    await stop();
    throw err;
  }
  return { db, env, apis, workers, stop };
}
