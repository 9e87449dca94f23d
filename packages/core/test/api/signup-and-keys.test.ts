import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, type TestServer } from '../support/index.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('signup, keys and the org', () => {
  it('signs up an org and acts on it with a new API key', async () => {
    const t = await createTenant(server.url, 'Smile Dental');
    const org = await call(server.url, 'GET', '/v1/org', { creds: { apiKey: t.adminKey } });
    expect(org.status).toBe(200);
    expect(org.body).toMatchObject({ id: t.orgId, object: 'org', name: 'Smile Dental', kind: 'agency', parent_id: null });
  });

  it('shows the secret once and lists the key without it', async () => {
    const t = await createTenant(server.url, 'Keys');
    const created = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'ci', scopes: ['read'], mode: 'test' }, creds: { apiKey: t.adminKey } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^vox_test_[A-Za-z0-9_-]{40,}$/);
    expect(created.body.last4).toBe(created.body.secret.slice(-4));
    const listed = await call(server.url, 'GET', '/v1/api-keys', { creds: { apiKey: t.adminKey } });
    expect(listed.body.data.map((k: { id: string }) => k.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const fetched = await call(server.url, 'GET', `/v1/api-keys/${created.body.id}`, { creds: { apiKey: t.adminKey } });
    expect(fetched.body).not.toHaveProperty('secret');
  });

  it('stores only a hash of the key', async () => {
    const t = await createTenant(server.url, 'Hash');
    const created = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'x', scopes: ['read'] }, creds: { apiKey: t.adminKey } });
    const owner = await server.platform.db.owner();
    const rows = await owner.raw(`select key_hash from api_keys where id = ?`, [created.body.id]);
    const hash = rows.rows[0].key_hash as string;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(created.body.secret);
  });

  it('a read-only key cannot create keys (scope enforced)', async () => {
    const t = await createTenant(server.url, 'Scopes');
    const ro = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'ro', scopes: ['read'] }, creds: { apiKey: t.adminKey } });
    const denied = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'x', scopes: ['admin'] }, creds: { apiKey: ro.body.secret } });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('insufficient_scope');
    expect((await call(server.url, 'GET', '/v1/org', { creds: { apiKey: ro.body.secret } })).status).toBe(200);
  });

  it('agency creates child orgs and acts on them with Voxanne-Org', async () => {
    const agency = await createTenant(server.url, 'Agency');
    const child = await call(server.url, 'POST', '/v1/orgs', { body: { name: 'Child Clinic' }, creds: { apiKey: agency.adminKey } });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ parent_id: agency.orgId, kind: 'clinic' });
    const asChild = await call(server.url, 'GET', '/v1/org', { creds: { apiKey: agency.adminKey, org: child.body.id } });
    expect(asChild.body.id).toBe(child.body.id);
    const childKey = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'child', scopes: ['admin'] }, creds: { apiKey: agency.adminKey, org: child.body.id } });
    expect(childKey.status).toBe(201);
    const viaChildKey = await call(server.url, 'GET', '/v1/org', { creds: { apiKey: childKey.body.secret } });
    expect(viaChildKey.body.id).toBe(child.body.id);
    // A clinic cannot own clinics.
    const nested = await call(server.url, 'POST', '/v1/orgs', { body: { name: 'Grandchild' }, creds: { apiKey: childKey.body.secret } });
    expect(nested.status).toBe(409);
    expect(nested.body.code).toBe('org_nesting_not_supported');
    // The agency owner's session also reaches the child.
    const viaSession = await call(server.url, 'GET', '/v1/org', { creds: { ...agency.session, org: child.body.id } });
    expect(viaSession.body.id).toBe(child.body.id);
  });

  it('serves the contract and a reference page listing every operation', async () => {
    const spec = await call(server.url, 'GET', '/openapi.json');
    expect(spec.body.openapi).toBe('3.1.0');
    const page = await call(server.url, 'GET', '/docs');
    expect(page.contentType).toContain('text/html');
    for (const [path, item] of Object.entries(spec.body.paths as Record<string, Record<string, { operationId: string }>>)) {
      for (const op of Object.values(item)) expect(page.body).toContain(`id="op-${op.operationId}"`);
      expect(page.body).toContain(path.replace(/[{}]/g, (c) => c));
    }
  });

  it('answers health and readiness', async () => {
    expect((await call(server.url, 'GET', '/health')).body).toEqual({ status: 'ok' });
    const ready = await call(server.url, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ database: 'ok', migrations: 'ok', redis: 'ok' });
  });
});
