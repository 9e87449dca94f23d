// One benchmark target per process, so autocannon (in the parent) never competes with it for the event loop.
// Run as a script it serves one target; imported, it gives the parent startTarget and stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { pino } from 'pino';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { bootPlatform } from '../src/app/boot.ts';
import { generateKeySpec } from '../src/platform/crypto/index.ts';
import type { TestDatabase } from '../test/support/database.ts';

const SELF = fileURLToPath(import.meta.url);
const kind = process.argv[1] === SELF ? process.argv[2] : undefined;

// The same shape GET /v1/org returns.
const ORG = {
  id: 'org_01M89T0808W8S9D6VG1YZTXSV2',
  object: 'org',
  name: 'Smile Dental',
  parent_id: null,
  kind: 'agency',
  require_mfa: false,
  created_at: '2026-11-25T16:53:10.793Z',
  updated_at: '2026-11-25T16:53:10.793Z',
};

function announce(port: number) {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
}

/** The environment of the 'voxanne' target: real PostgreSQL and Redis, limits out of the way. */
export function stackEnv(db: TestDatabase): Record<string, string> {
  return {
    DATABASE_URL: db.appUrl,
    DATABASE_MIGRATION_URL: db.ownerUrl,
    DATABASE_POOL_MAX: '20',
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    VOXANNE_ENCRYPTION_KEYS: generateKeySpec('bench'),
    VOICE_WEBHOOK_SECRET: 'bench-webhook-secret',
    RATE_LIMIT_PER_KEY: '100000000',
    RATE_LIMIT_PER_IP: '100000000',
  };
}

/** Starts a target in a child process; resolves with its URL once it listens. */
export async function startTarget(kind: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SELF, kind], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (l) => {
      try {
        resolve(JSON.parse(l).url);
      } catch {
        // not the announcement
      }
    });
    child.once('exit', (code) => reject(new Error(`${kind} exited with ${code}`)));
  });
  return { url, child };
}

export async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

if (kind === undefined) {
  // imported by a bench
} else if (kind === 'node') {
  const body = JSON.stringify(ORG);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
} else if (kind === 'express') {
  const app = express();
  app.get('/v1/org', (_req, res) => {
    res.json(ORG);
  });
  // The voice bench's baseline: the same requests as the webhook, answered with a fixed body, unread.
  app.post('/v1/voice/webhooks/:orgId', (_req, res) => {
    res.json(ORG);
  });
  const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
} else if (kind === 'voxanne') {
  const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production' });
  // Production-like logging (JSON lines, one per request) into /dev/null, so the terminal is not measured.
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: '/dev/null', sync: false }));
  // BENCH_NAMESPACE lets API and worker processes share one queue; alone, the process's own.
  const running = await startServer(config, { logger, namespace: process.env.BENCH_NAMESPACE ?? `bench${process.pid}` });
  announce(new URL(running.url).port ? Number(new URL(running.url).port) : 80);
  process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
} else if (kind === 'worker') {
  // `npm run worker`'s work (main.ts), in a bench target: job workers only, no HTTP.
  const config = loadConfig({ ...process.env, NODE_ENV: 'production' });
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: '/dev/null', sync: false }));
  const platform = await bootPlatform(config, { logger, migrate: false, namespace: process.env.BENCH_NAMESPACE });
  await platform.queue.start();
  announce(0);
  process.on('SIGTERM', () => void platform.close().then(() => process.exit(0)));
} else {
  process.stderr.write('usage: servers.ts node|express|voxanne|worker\n');
  process.exit(2);
}
