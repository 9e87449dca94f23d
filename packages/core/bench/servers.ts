// One benchmark target per process, so autocannon (in the parent) never competes with it for the event loop.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';

const kind = process.argv[2];

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

if (kind === 'node') {
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
  const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
} else if (kind === 'voxanne') {
  const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production' });
  // Production-like logging (JSON lines, one per request) into /dev/null, so the terminal is not measured.
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: '/dev/null', sync: false }));
  const running = await startServer(config, { logger, namespace: `bench${process.pid}` });
  announce(new URL(running.url).port ? Number(new URL(running.url).port) : 80);
  process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
} else {
  process.stderr.write('usage: servers.ts node|express|voxanne\n');
  process.exit(2);
}
