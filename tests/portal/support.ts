import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startTestServer, type TestServer } from '@voxanne/core/testing';
import { chromiumPath } from './browser.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PORTAL = join(ROOT, 'packages/portal');
export const ARTIFACTS = join(ROOT, 'tests/artifacts');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/**
 * Core serves packages/portal/dist only if it exists when the server starts, and turbo does not build the
 * portal before this workspace's tests. Build when dist is missing or older than the sources, so the
 * browser never tests yesterday's portal.
 */
export function ensurePortalBuilt(): void {
  const index = join(PORTAL, 'dist/index.html');
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => join(PORTAL, p));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execFileSync('npm', ['run', 'build', '--workspace', '@voxanne/portal'], { cwd: ROOT, stdio: 'pipe' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // Headless in a container: no sandbox (no user namespaces), no GPU, and nothing that phones home.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export function artifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

export interface PortalServer {
  /** The origin the browser uses: portal and API together, as in production. */
  url: string;
  api: TestServer;
  close(): Promise<void>;
}

/** The real server with the built portal mounted at /, exactly as `npm start` serves it. */
export async function startPortalServer(): Promise<PortalServer> {
  const api = await startTestServer({ portal: true });
  return { url: api.url, api, close: () => api.close() };
}

/** Uncaught exceptions in any page of the context: a portal that "works" while throwing is still broken. */
export function collectPageErrors(context: BrowserContext, into: string[]): void {
  context.on('weberror', (e) => into.push(e.error().message));
}
