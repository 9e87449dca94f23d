import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './support/index.ts';

// Issue #10 item 28. A stand-in portal build: index.html, one hashed asset and the route manifest the
// portal's build writes (packages/portal/vite.config.ts).
const dist = mkdtempSync(join(tmpdir(), 'voxanne-portal-'));
const INDEX = '<!doctype html><title>Voxanne</title><div id="root"></div>';
let server: TestServer;

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets/index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'routes.json'), JSON.stringify({ roots: ['calls', 'settings', 'signin'] }));
  server = await startTestServer({ portalDist: dist });
});
afterAll(async () => {
  await server?.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (path: string, method = 'GET') => call(server.url, method, path);

describe('the portal at /', () => {
  it('answers the portal\'s routes, deep links included, with index.html', async () => {
    for (const path of ['/', '/calls', '/calls/', '/calls/call_01JABCDEFGHJKMNPQRSTVWXYZ0', '/settings/calendar?connected=google', '/signin?next=%2Fcalls']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.contentType, path).toContain('text/html');
      expect(res.body, path).toBe(INDEX);
    }
  });

  it('serves the build\'s files', async () => {
    const res = await get('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('javascript');
  });

  it('answers any other path outside the API with a 404 problem, not the portal', async () => {
    for (const path of ['/server-status', '/favicon.ico', '/foo.js', '/.env', '/calls/app.js', '/wp-admin', '/calls.php', '/assets/missing.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.contentType, path).toContain('application/problem+json');
      expect(res.body.code, path).toBe('not_found');
    }
    // /metrics is a real endpoint (token-protected in production): any other path stands for "not ours".
    const post = await get('/server-status', 'POST');
    expect(post.status).toBe(404);
  });

  it('leaves the API and the operational endpoints alone', async () => {
    expect((await get('/health')).body).toEqual({ status: 'ok' });
    expect((await get('/openapi.json')).body.openapi).toBe('3.1.0');
    const unknown = await get('/v1/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    expect((await get('/v1/me')).status).toBe(401);
  });
});
