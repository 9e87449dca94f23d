import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import {
  ApiConnectionError,
  AuthenticationError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  TimeoutError,
  ValidationError,
  Voxanne,
  VoxanneError,
  type RetryEvent,
  type VoxanneOptions,
} from '../src/index.ts';
import { problem, scriptedServer, type Reply, type ScriptedServer } from './support/scripted-server.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const KEY = { id: 'key_01J00000000000000000000000', object: 'api_key', name: 'k', secret: 'vox_test_s' };
const ORG = { id: 'org_01J00000000000000000000000', object: 'org', name: 'Smile Dental' };
const CHILD = 'org_01JCHILD000000000000000000';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Starts a scripted server answering with `replies` in order (the last one repeats) and a client for it. */
async function setup(replies: Reply[], options: Partial<VoxanneOptions> = {}) {
  server = await scriptedServer((_req, n) => replies[Math.min(n, replies.length - 1)]!);
  const retries: RetryEvent[] = [];
  const vox = new Voxanne({ baseUrl: server.url, apiKey: 'vox_test_abc', onRetry: (e) => retries.push(e), ...options });
  return { vox, server, retries };
}

const idempotencyKeys = (s: ScriptedServer) => s.requests.map((r) => r.headers['idempotency-key']);

describe('retries and idempotency keys', () => {
  it('retries 429 and 503 and sends the same generated Idempotency-Key every time', async () => {
    const { vox, server } = await setup([
      { status: 429, headers: { 'retry-after': '0' }, json: problem(429, 'rate_limited') },
      { status: 503, headers: { 'retry-after': '0' }, json: problem(503, 'unavailable') },
      { status: 201, json: KEY },
    ]);
    const key = await vox.apiKeys.create({ name: 'k', scopes: ['read'] });
    expect(key).toEqual(KEY);
    const keys = idempotencyKeys(server);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual(Array(3).fill({ name: 'k', scopes: ['read'] }));
  });

  it('still generates UUID keys where crypto.randomUUID is missing (a browser page on plain http)', async () => {
    const { vox, server } = await setup([{ status: 201, json: KEY }]);
    const native = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(globalThis.crypto), 'randomUUID')!;
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(globalThis.crypto.randomUUID).toBeUndefined();
      await vox.apiKeys.create({ name: 'a', scopes: ['read'] });
      await vox.apiKeys.create({ name: 'a', scopes: ['read'] });
    } finally {
      delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
    }
    expect(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(globalThis.crypto), 'randomUUID')).toEqual(native);
    const [first, second] = idempotencyKeys(server);
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });

  it("sends the caller's own Idempotency-Key across retries", async () => {
    const { vox, server } = await setup([{ status: 502, headers: { 'retry-after': '0' }, text: '<html>bad gateway</html>' }, { status: 201, json: ORG }]);
    await vox.orgs.createChild({ name: 'Smile Dental' }, { idempotencyKey: 'create-smile-dental' });
    expect(idempotencyKeys(server)).toEqual(['create-smile-dental', 'create-smile-dental']);
  });

  it('gives every POST call its own key and GETs none', async () => {
    const { vox, server } = await setup([{ status: 201, json: KEY }]);
    await vox.apiKeys.create({ name: 'a', scopes: ['read'] });
    await vox.apiKeys.create({ name: 'a', scopes: ['read'] });
    const [first, second] = idempotencyKeys(server);
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);

    const get = await setup([{ status: 200, json: ORG }]);
    await get.vox.orgs.retrieve();
    expect(get.server.requests[0]!.headers['idempotency-key']).toBeUndefined();
  });

  it('waits what Retry-After asks', async () => {
    const { vox, retries } = await setup([{ status: 429, headers: { 'retry-after': '1' }, json: problem(429, 'rate_limited') }, { status: 200, json: ORG }]);
    await vox.orgs.retrieve();
    expect(retries.map((r) => [r.attempt, r.delayMs, r.error.status])).toEqual([[1, 1000, 429]]);
  });

  it('backs off exponentially with jitter when the server gives no Retry-After', async () => {
    const { vox, retries } = await setup([{ status: 503, json: problem(503, 'unavailable') }, { status: 503, json: problem(503, 'unavailable') }, { status: 200, json: ORG }]);
    await vox.orgs.retrieve();
    const [first, second] = retries.map((r) => r.delayMs);
    expect(first).toBeGreaterThanOrEqual(375);
    expect(first).toBeLessThanOrEqual(500);
    expect(second).toBeGreaterThanOrEqual(750);
    expect(second).toBeLessThanOrEqual(1000);
  });

  it('throws a RateLimitError at once when Retry-After is beyond what is worth waiting', async () => {
    const { vox, server } = await setup([{ status: 429, headers: { 'retry-after': '120' }, json: problem(429, 'login_throttled') }]);
    const err = await vox.orgs.retrieve().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ status: 429, code: 'login_throttled', retryAfter: 120 });
    expect(server.requests).toHaveLength(1);
  });

  it('stops after maxRetries and throws the last error', async () => {
    const { vox, server } = await setup([{ status: 503, headers: { 'retry-after': '0' }, json: problem(503, 'unavailable') }], { maxRetries: 1 });
    const err = await vox.orgs.retrieve().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err).toMatchObject({ status: 503, code: 'unavailable' });
    expect(server.requests).toHaveLength(2);
  });

  it('lets a call override maxRetries', async () => {
    const { vox, server } = await setup([{ status: 503, headers: { 'retry-after': '0' }, json: problem(503, 'unavailable') }]);
    await expect(vox.orgs.retrieve({ maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('does not repeat a PATCH after a 5xx (it may have applied) but does after a 429 (it was refused)', async () => {
    const failed = await setup([{ status: 503, headers: { 'retry-after': '0' }, json: problem(503, 'unavailable') }, { status: 200, json: ORG }]);
    await expect(failed.vox.orgs.update({ name: 'x' })).rejects.toBeInstanceOf(InternalServerError);
    expect(failed.server.requests).toHaveLength(1);
    await failed.server.close();

    const limited = await setup([{ status: 429, headers: { 'retry-after': '0' }, json: problem(429, 'rate_limited') }, { status: 200, json: ORG }]);
    await expect(limited.vox.orgs.update({ name: 'x' })).resolves.toEqual(ORG);
    expect(limited.server.requests).toHaveLength(2);
  });

  it('retries while the server still processes the same idempotency key', async () => {
    const { vox, server } = await setup([
      { status: 409, headers: { 'retry-after': '0' }, json: problem(409, 'idempotency_request_in_progress') },
      { status: 201, json: KEY },
    ]);
    await expect(vox.apiKeys.create({ name: 'k', scopes: ['read'] })).resolves.toEqual(KEY);
    expect(new Set(idempotencyKeys(server)).size).toBe(1);
    expect(server.requests).toHaveLength(2);
  });
});

describe('network failures and timeouts', () => {
  it('retries a dropped connection with the same key', async () => {
    const { vox, server, retries } = await setup([{ destroy: true }, { status: 201, json: KEY }]);
    await expect(vox.apiKeys.create({ name: 'k', scopes: ['read'] })).resolves.toEqual(KEY);
    expect(server.requests).toHaveLength(2);
    expect(new Set(idempotencyKeys(server)).size).toBe(1);
    expect(retries[0]!.error).toBeInstanceOf(ApiConnectionError);
  });

  it('throws ApiConnectionError when nothing listens', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const retries: RetryEvent[] = [];
    const vox = new Voxanne({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'vox_test_abc', maxRetries: 1, onRetry: (e) => retries.push(e) });
    const err = await vox.orgs.retrieve().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiConnectionError);
    expect(err).not.toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ status: undefined, code: 'connection_error' });
    expect(retries).toHaveLength(1);
  });

  it('times out an attempt that never answers, retries it with the same key, then throws TimeoutError', async () => {
    const { vox, server } = await setup([{ hang: true }], { timeoutMs: 200, maxRetries: 1 });
    const err = await vox.apiKeys.create({ name: 'k', scopes: ['read'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(ApiConnectionError);
    expect((err as TimeoutError).code).toBe('timeout');
    expect(server.requests).toHaveLength(2);
    expect(new Set(idempotencyKeys(server)).size).toBe(1);
  });

  it('times out a response whose body stalls after the headers', async () => {
    const { vox } = await setup([{ stallBody: true }], { timeoutMs: 200, maxRetries: 0 });
    await expect(vox.orgs.retrieve()).rejects.toBeInstanceOf(TimeoutError);
  });

  it("passes the caller's abort through untouched and does not retry it", async () => {
    const { vox, server } = await setup([{ hang: true }]);
    const controller = new AbortController();
    const pending = vox.orgs.retrieve({ signal: controller.signal }).catch((e: unknown) => e);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const err = await pending;
    expect(err).not.toBeInstanceOf(VoxanneError);
    expect((err as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });
});

describe('typed errors', () => {
  const cases = [
    [400, 'validation_failed', ValidationError],
    [401, 'invalid_api_key', AuthenticationError],
    [403, 'insufficient_scope', PermissionError],
    [404, 'not_found', NotFoundError],
    [409, 'idempotency_key_reused', ConflictError],
    [429, 'rate_limited', RateLimitError],
    [500, 'internal_error', InternalServerError],
  ] as const;

  it.each(cases)('maps %i %s to its class with the problem fields', async (status, code, Kind) => {
    const errors = status === 400 ? [{ path: '/body/name', message: 'must NOT have fewer than 1 characters' }] : undefined;
    const { vox } = await setup([{ status, json: problem(status, code, errors ? { errors } : {}) }], { maxRetries: 0 });
    const err = await vox.orgs.retrieve().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Kind);
    expect(err).toBeInstanceOf(VoxanneError);
    expect(err).toMatchObject({ status, code, detail: `detail of ${code}`, requestId: `req_${code}`, errors: errors ?? [] });
    expect((err as Error).name).toBe(Kind.name);
    expect((err as Error).message).toContain(code);
  });

  it('maps a body that is not problem+json by its status', async () => {
    const { vox } = await setup([{ status: 502, headers: { 'x-request-id': 'req_proxy' }, text: '<html>Bad Gateway</html>' }], { maxRetries: 0 });
    const err = await vox.orgs.retrieve().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err).toMatchObject({ status: 502, code: 'http_502', requestId: 'req_proxy', problem: undefined });
  });
});

describe('headers', () => {
  it('sends the API key, and Voxanne-Org from the option, withOrg() or the call', async () => {
    const { vox, server } = await setup([{ status: 200, json: ORG }]);
    await vox.orgs.retrieve();
    await vox.withOrg(CHILD).orgs.retrieve();
    await vox.orgs.retrieve({ org: CHILD });
    await new Voxanne({ baseUrl: server.url, apiKey: 'vox_test_abc', org: CHILD }).orgs.retrieve();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(Array(4).fill('Bearer vox_test_abc'));
    expect(server.requests.map((r) => r.headers['voxanne-org'])).toEqual([undefined, CHILD, CHILD, CHILD]);
    expect(vox.org).toBeUndefined();
    expect(vox.withOrg(CHILD).org).toBe(CHILD);
  });

  it('sends Voxanne-Mode from the option or the call, and nothing without one', async () => {
    const { vox, server } = await setup([{ status: 200, json: ORG }]);
    await vox.orgs.retrieve();
    await vox.orgs.retrieve({ mode: 'test' });
    const testing = new Voxanne({ baseUrl: server.url, mode: 'test' });
    await testing.orgs.retrieve();
    await testing.orgs.retrieve({ mode: 'live' });
    expect(server.requests.map((r) => r.headers['voxanne-mode'])).toEqual([undefined, 'test', 'test', 'live']);
  });

  it('sends X-CSRF-Token on cookie-session writes only, never with an API key', async () => {
    const { server } = await setup([{ status: 200, json: ORG }]);
    const session = new Voxanne({ baseUrl: server.url, csrfToken: 'csrf-1' });
    await session.orgs.retrieve();
    await session.orgs.update({ name: 'x' });
    await session.apiKeys.revoke('key_01J00000000000000000000000');
    await session.apiKeys.create({ name: 'k', scopes: ['read'] });
    await new Voxanne({ baseUrl: server.url, apiKey: 'vox_test_abc', csrfToken: 'csrf-1' }).orgs.update({ name: 'x' });
    expect(server.requests.map((r) => [r.method, r.headers['x-csrf-token']])).toEqual([
      ['GET', undefined],
      ['PATCH', 'csrf-1'],
      ['DELETE', 'csrf-1'],
      ['POST', 'csrf-1'],
      ['PATCH', undefined],
    ]);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('reads a csrfToken getter at send time', async () => {
    const { server } = await setup([{ status: 200, json: ORG }]);
    let token = 'first';
    const vox = new Voxanne({ baseUrl: server.url, csrfToken: async () => token });
    await vox.orgs.update({ name: 'x' });
    token = 'second';
    await vox.orgs.update({ name: 'y' });
    expect(server.requests.map((r) => r.headers['x-csrf-token'])).toEqual(['first', 'second']);
  });

  it('remembers the CSRF token a login returns, shares it with withOrg() clients and forgets it at logout', async () => {
    const auth = { user: {}, org: ORG, memberships: [], session: {}, csrf_token: 'from-login' };
    server = await scriptedServer((req) => (req.url === '/v1/auth/login' ? { status: 200, json: auth } : req.url === '/v1/auth/logout' ? { status: 204 } : { status: 200, json: ORG }));
    const vox = new Voxanne({ baseUrl: server.url });
    const scoped = vox.withOrg(CHILD);
    await vox.auth.login({ email: 'a@b.example', password: 'correct horse battery staple' });
    await vox.orgs.update({ name: 'x' });
    await scoped.orgs.update({ name: 'x' });
    await expect(vox.auth.logout()).resolves.toBeUndefined();
    await vox.orgs.update({ name: 'x' });
    expect(server.requests.map((r) => [r.url, r.headers['x-csrf-token']])).toEqual([
      ['/v1/auth/login', undefined],
      ['/v1/org', 'from-login'],
      ['/v1/org', 'from-login'],
      ['/v1/auth/logout', 'from-login'],
      ['/v1/org', undefined],
    ]);
  });

  it('hands credentials and extra headers to fetch', async () => {
    const { server } = await setup([{ status: 200, json: ORG }]);
    const seen: RequestInit['credentials'][] = [];
    const vox = new Voxanne({
      baseUrl: `${server.url}/`,
      credentials: 'include',
      headers: { 'x-trace': 't-1' },
      fetch: (input, init) => {
        seen.push(init?.credentials);
        return fetch(input, init);
      },
    });
    await vox.orgs.retrieve({ headers: { 'x-call': 'c-1' } });
    expect(seen).toEqual(['include']);
    expect(server.requests[0]).toMatchObject({ url: '/v1/org', headers: { 'x-trace': 't-1', 'x-call': 'c-1' } });
  });

  it('refuses to start without a baseUrl or with nonsense limits', () => {
    expect(() => new Voxanne({} as VoxanneOptions)).toThrow(/baseUrl/);
    expect(() => new Voxanne({ baseUrl: 'http://x', maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new Voxanne({ baseUrl: 'http://x', timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});
