import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, type Reply, type TestServer, type Tenant } from '../support/index.ts';

let server: TestServer;
let t: Tenant;

beforeAll(async () => {
  server = await startTestServer({ env: { BODY_LIMIT_BYTES: '4096' } });
  t = await createTenant(server.url, 'Conventions');
});
afterAll(async () => {
  await server?.close();
});

const countKeys = async () => (await call(server.url, 'GET', '/v1/api-keys?limit=100', { creds: { apiKey: t.adminKey } })).body.data.length;

describe('idempotency', () => {
  it('replays the first response for the same key and body', async () => {
    const headers = { 'idempotency-key': `idem-${Date.now()}` };
    const first = await call(server.url, 'POST', '/v1/orgs', { body: { name: 'Replay Clinic' }, headers, creds: { apiKey: t.adminKey } });
    const second = await call(server.url, 'POST', '/v1/orgs', { body: { name: 'Replay Clinic' }, headers, creds: { apiKey: t.adminKey } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const children = await call(server.url, 'GET', '/v1/orgs?limit=100', { creds: { apiKey: t.adminKey } });
    expect(children.body.data.filter((o: { name: string }) => o.name === 'Replay Clinic')).toHaveLength(1);
  });

  it('stores the replayable response encrypted, so a shown-once secret is not kept in the clear', async () => {
    const headers = { 'idempotency-key': `secret-${Date.now()}` };
    const first = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'once', scopes: ['read'] }, headers, creds: { apiKey: t.adminKey } });
    const again = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'once', scopes: ['read'] }, headers, creds: { apiKey: t.adminKey } });
    expect(again.body.secret).toBe(first.body.secret);
    const owner = await server.platform.db.owner();
    const { rows } = await owner.raw('select response_body_enc from idempotency_keys where key = ?', [headers['idempotency-key']]);
    expect(rows[0].response_body_enc).toMatch(/^v1\./);
    expect(rows[0].response_body_enc).not.toContain(first.body.secret);
  });

  it('replays an error answer too, so a retry never runs the work twice', async () => {
    const clinic = await call(server.url, 'POST', '/v1/orgs', { body: { name: 'Leaf' }, creds: { apiKey: t.adminKey } });
    const leafKey = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'leaf', scopes: ['admin'] }, creds: { apiKey: t.adminKey, org: clinic.body.id } });
    const headers = { 'idempotency-key': `err-${Date.now()}` };
    const first = await call(server.url, 'POST', '/v1/orgs', { body: { name: 'Nested' }, headers, creds: { apiKey: leafKey.body.secret } });
    const again = await call(server.url, 'POST', '/v1/orgs', { body: { name: 'Nested' }, headers, creds: { apiKey: leafKey.body.secret } });
    expect(first.status).toBe(409);
    expect(again.status).toBe(409);
    expect(again.body).toEqual(first.body);
    expect(again.contentType).toContain('application/problem+json');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses the same key with a different body', async () => {
    const headers = { 'idempotency-key': `reuse-${Date.now()}` };
    await call(server.url, 'POST', '/v1/orgs', { body: { name: 'One' }, headers, creds: { apiKey: t.adminKey } });
    const reused = await call(server.url, 'POST', '/v1/orgs', { body: { name: 'Two' }, headers, creds: { apiKey: t.adminKey } });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('idempotency_key_reused');
  });

  it('runs concurrent duplicates once', async () => {
    const headers = { 'idempotency-key': `race-${Date.now()}` };
    const before = await countKeys();
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => call(server.url, 'POST', '/v1/api-keys', { body: { name: 'race', scopes: ['read'] }, headers, creds: { apiKey: t.adminKey } })),
    );
    const created = replies.filter((r) => r.status === 201);
    const waiting = replies.filter((r) => r.status === 409);
    expect(created.length + waiting.length).toBe(6);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of waiting) expect(r.body.code).toBe('idempotency_request_in_progress');
    expect(await countKeys()).toBe(before + 1);
  });
});

describe('pagination', () => {
  it('walks more than two pages with cursors, without repeats or gaps', async () => {
    const agency = await createTenant(server.url, 'Pager');
    const names = Array.from({ length: 7 }, (_, i) => `Clinic ${i}`);
    for (const name of names) await call(server.url, 'POST', '/v1/orgs', { body: { name }, creds: { apiKey: agency.adminKey } });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { data: { name: string }[]; has_more: boolean; next_cursor: string | null } } = await call(
        server.url,
        'GET',
        `/v1/orgs?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { creds: { apiKey: agency.adminKey } },
      );
      seen.push(...res.body.data.map((o) => o.name));
      cursor = res.body.next_cursor;
      expect(res.body.has_more).toBe(cursor !== null);
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...names].reverse());
  });

  it('rejects a forged cursor', async () => {
    const res = await call(server.url, 'GET', '/v1/orgs?cursor=bm90LWFuLWlk', { creds: { apiKey: t.adminKey } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_cursor');
  });
});

describe('bad input gets a 4xx problem and writes nothing', () => {
  const cases: { name: string; run: () => Promise<Reply>; status: number; code: string }[] = [
    { name: 'malformed JSON', run: () => call(server.url, 'POST', '/v1/api-keys', { raw: '{"name": "x", ', creds: { apiKey: t.adminKey } }), status: 400, code: 'malformed_json' },
    { name: 'unknown field', run: () => call(server.url, 'POST', '/v1/api-keys', { body: { name: 'x', scopes: ['read'], admin: true }, creds: { apiKey: t.adminKey } }), status: 400, code: 'validation_failed' },
    { name: 'wrong type', run: () => call(server.url, 'POST', '/v1/api-keys', { body: { name: 42, scopes: 'read' }, creds: { apiKey: t.adminKey } }), status: 400, code: 'validation_failed' },
    { name: 'unknown enum value', run: () => call(server.url, 'POST', '/v1/api-keys', { body: { name: 'x', scopes: ['root'] }, creds: { apiKey: t.adminKey } }), status: 400, code: 'validation_failed' },
    { name: 'expiry in the past', run: () => call(server.url, 'POST', '/v1/api-keys', { body: { name: 'x', scopes: ['read'], expires_at: '2020-01-01T00:00:00Z' }, creds: { apiKey: t.adminKey } }), status: 400, code: 'validation_failed' },
    { name: 'body over the size limit', run: () => call(server.url, 'POST', '/v1/api-keys', { body: { name: 'x'.repeat(10_000), scopes: ['read'] }, creds: { apiKey: t.adminKey } }), status: 413, code: 'payload_too_large' },
    { name: 'wrong content type', run: () => call(server.url, 'POST', '/v1/api-keys', { raw: 'name=x', headers: { 'content-type': 'text/plain' }, creds: { apiKey: t.adminKey } }), status: 415, code: 'unsupported_media_type' },
    { name: 'malformed id', run: () => call(server.url, 'GET', '/v1/api-keys/not-an-id', { creds: { apiKey: t.adminKey } }), status: 400, code: 'validation_failed' },
    { name: 'unknown id', run: () => call(server.url, 'GET', '/v1/api-keys/key_01J00000000000000000000000', { creds: { apiKey: t.adminKey } }), status: 404, code: 'not_found' },
    { name: 'unknown query parameter', run: () => call(server.url, 'GET', '/v1/api-keys?evil=1', { creds: { apiKey: t.adminKey } }), status: 400, code: 'validation_failed' },
    { name: 'limit out of range', run: () => call(server.url, 'GET', '/v1/api-keys?limit=1000', { creds: { apiKey: t.adminKey } }), status: 400, code: 'validation_failed' },
    { name: 'garbage API key', run: () => call(server.url, 'GET', '/v1/org', { creds: { apiKey: 'vox_live_nope' } }), status: 401, code: 'invalid_api_key' },
    { name: 'no credentials', run: () => call(server.url, 'GET', '/v1/org'), status: 401, code: 'unauthenticated' },
    { name: 'unknown route', run: () => call(server.url, 'GET', '/v1/nothing-here', { creds: { apiKey: t.adminKey } }), status: 404, code: 'not_found' },
    { name: 'foreign Voxanne-Org', run: () => call(server.url, 'GET', '/v1/org', { creds: { apiKey: t.adminKey, org: 'org_01J00000000000000000000000' } }), status: 404, code: 'not_found' },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await countKeys();
      const res = await c.run();
      expect(res.status).toBe(c.status);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: c.status, code: c.code });
      expect(res.body.request_id).toMatch(/^req_/);
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.ts:\d+/);
      expect(await countKeys()).toBe(before);
    });
  }

  it('an expired key is refused', async () => {
    const created = await call(server.url, 'POST', '/v1/api-keys', {
      body: { name: 'short', scopes: ['read'], expires_at: new Date(Date.now() + 1500).toISOString() },
      creds: { apiKey: t.adminKey },
    });
    expect((await call(server.url, 'GET', '/v1/org', { creds: { apiKey: created.body.secret } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    const res = await call(server.url, 'GET', '/v1/org', { creds: { apiKey: created.body.secret } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('api_key_expired');
  });

  it('a revoked key is refused on its very next request', async () => {
    const created = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'revoke-me', scopes: ['read'] }, creds: { apiKey: t.adminKey } });
    expect((await call(server.url, 'GET', '/v1/org', { creds: { apiKey: created.body.secret } })).status).toBe(200);
    const revoked = await call(server.url, 'DELETE', `/v1/api-keys/${created.body.id}`, { creds: { apiKey: t.adminKey } });
    expect(revoked.body.revoked_at).not.toBeNull();
    const res = await call(server.url, 'GET', '/v1/org', { creds: { apiKey: created.body.secret } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('api_key_revoked');
  });
});

describe('request ids', () => {
  it('echoes a safe incoming X-Request-Id and mints one otherwise', async () => {
    const mine = await call(server.url, 'GET', '/health', { headers: { 'x-request-id': 'trace-12345678' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-12345678');
    const unsafe = await call(server.url, 'GET', '/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });
});

describe('rate limits', () => {
  it('answers 429 with RateLimit headers and Retry-After once a key spends its window', async () => {
    const limited = await startTestServer({ env: { RATE_LIMIT_PER_KEY: '3', RATE_LIMIT_WINDOW_SECONDS: '60' } });
    try {
      const tenant = await createTenant(limited.url, 'Limited');
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 6; i++) {
        last = await call(limited.url, 'GET', '/v1/org', { creds: { apiKey: tenant.adminKey } });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3)).toEqual([429, 429, 429]);
      expect(last!.body.code).toBe('rate_limited');
      expect(last!.headers.get('ratelimit-limit')).toBe('3');
      expect(last!.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      // The limit is per principal: the owner's session, in the same org, is not affected.
      const other = await call(limited.url, 'GET', '/v1/org', { creds: tenant.session });
      expect(other.status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('announces the limit that binds: the per-IP one when it has fewer requests left than the key (issue #10 item 27)', async () => {
    const limited = await startTestServer({ env: { RATE_LIMIT_PER_IP: '10', RATE_LIMIT_PER_KEY: '1000' } });
    try {
      // Sign-up (start, read the dev mailbox, verify) and the key's creation spend four of the IP's ten.
      const tenant = await createTenant(limited.url, 'Binding');
      const res = await call(limited.url, 'GET', '/v1/org', { creds: { apiKey: tenant.adminKey } });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('10');
      expect(res.headers.get('ratelimit-remaining')).toBe('5');
      // And what it announced is what refuses: five more pass, the next is a 429.
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await call(limited.url, 'GET', '/v1/org', { creds: { apiKey: tenant.adminKey } })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('limits per IP before authentication', async () => {
    const limited = await startTestServer({ env: { RATE_LIMIT_PER_IP: '4' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await call(limited.url, 'GET', '/v1/org', { creds: { apiKey: 'vox_live_x' } })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
