import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTenant, startTestServer, type TestServer } from '@voxanne/core/testing';
import { newWebhookSecret, signedDelivery } from './support/webhook-signer.ts';

/**
 * Every ```ts block of README.md is type-checked and executed against a real server, each as its own
 * program that imports `@voxanne/sdk` (the workspace package, i.e. src) exactly as a reader would.
 * Fence kinds: `ts` runs as a Node script that must exit 0; `ts browser` runs with a browser-like
 * `location`, cookie store and `document.cookie` (support/browser-env.ts); `ts receiver` is a webhook
 * server: it gets a correctly signed delivery (must answer 2xx) and a tampered one (must answer 4xx).
 * Configuration reaches the blocks the way it reaches a reader's code: VOXANNE_* environment variables.
 */

const sdkDir = fileURLToPath(new URL('..', import.meta.url));
const browserEnv = fileURLToPath(new URL('./support/browser-env.ts', import.meta.url));
const KINDS = ['script', 'browser', 'receiver'] as const;
type Kind = (typeof KINDS)[number];

interface Block {
  kind: Kind;
  code: string;
  line: number;
  heading: string;
  file: string;
}

function extractBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  let heading = '(top)';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    const fence = line.match(/^```(ts|typescript)(?:\s+(\S+))?\s*$/);
    if (!fence) continue;
    const kind = (fence[2] ?? 'script') as Kind;
    if (!KINDS.includes(kind)) throw new Error(`README.md:${i + 1}: unknown block kind "${fence[2]}" (use ${KINDS.join(', ')})`);
    const start = i + 1;
    const end = lines.indexOf('```', start);
    if (end < 0) throw new Error(`README.md:${i + 1}: unterminated code block`);
    blocks.push({ kind, code: lines.slice(start, end).join('\n'), line: i + 1, heading, file: `block-${String(blocks.length + 1).padStart(2, '0')}.ts` });
    i = end;
  }
  return blocks;
}

const blocks = extractBlocks(readFileSync(join(sdkDir, 'README.md'), 'utf8'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let server: TestServer;
let runDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  const agency = await createTenant(server.url, 'Readme Agency');
  env = { VOXANNE_BASE_URL: server.url, VOXANNE_API_KEY: agency.adminKey, VOXANNE_WEBHOOK_SECRET: newWebhookSecret(), NODE_OPTIONS: '' };
  // Inside the package so `@voxanne/sdk`, tsx and @types resolve as they do for the package itself.
  runDir = mkdtempSync(join(sdkDir, '.readme-run-'));
  for (const b of blocks) writeFileSync(join(runDir, b.file), `${b.code}\n`);
  writeFileSync(join(runDir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }));
});

afterAll(async () => {
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  await server?.close();
});

it('README.md has examples of every kind', () => {
  expect(blocks.filter((b) => b.kind === 'script').length).toBeGreaterThanOrEqual(5);
  expect(blocks.some((b) => b.kind === 'browser')).toBe(true);
  expect(blocks.some((b) => b.kind === 'receiver')).toBe(true);
});

it('README.md examples type-check', async () => {
  const tsc = fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
  const result = await run(process.execPath, [tsc, '--noEmit', '-p', join(runDir, 'tsconfig.json')], { cwd: runDir, timeoutMs: 120_000 });
  // Name the README line, not the scratch file, in failures.
  const located = result.stdout.replace(/block-(\d+)\.ts\((\d+),/g, (_m, n: string, l: string) => `README.md:${blocks[Number(n) - 1]!.line + Number(l)} (${blocks[Number(n) - 1]!.heading}) (`);
  expect(located + result.stderr).toBe('');
  expect(result.code).toBe(0);
});

describe.each(blocks)('README.md:$line ($heading)', (block) => {
  const where = `README.md:${block.line}`;

  if (block.kind === 'receiver') {
    it('verifies a signed webhook and refuses a tampered one', async () => {
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', join(runDir, block.file)], {
        cwd: runDir,
        env: { ...process.env, ...env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      try {
        const url = `http://127.0.0.1:${port}/webhooks/voxanne`;
        const send = async (body: string, headers: Record<string, string>) => (await fetch(url, { method: 'POST', body, headers })).status;
        const good = signedDelivery(env.VOXANNE_WEBHOOK_SECRET!, { type: 'call.ended', data: { id: 'call_01J9Z3Q6W2V8R4T5Y7X9K0P1A2' } });
        let status: number | undefined;
        for (let i = 0; i < 300 && status === undefined; i++) {
          if (child.exitCode !== null) throw new Error(`${where} exited early:\n${output}`);
          status = await send(good.body, good.headers).catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 100)));
        }
        expect(status, `${where} answer to a signed delivery\n${output}`).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(300);
        const tampered = await send(good.body.replace('call.ended', 'call.started'), good.headers);
        expect(tampered, `${where} answer to a tampered delivery`).toBeGreaterThanOrEqual(400);
        expect(tampered).toBeLessThan(500);
      } finally {
        child.kill('SIGKILL');
      }
    });
    return;
  }

  it(`runs (${block.kind})`, async () => {
    const loaders = ['--import', 'tsx', ...(block.kind === 'browser' ? ['--import', browserEnv] : [])];
    const result = await run(process.execPath, [...loaders, join(runDir, block.file)], { cwd: runDir, env });
    expect(result.code, `${where} failed:\n${result.stderr}\n${result.stdout}`).toBe(0);
  });
});
