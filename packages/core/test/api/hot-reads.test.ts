import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, TEST_DB, type Tenant, type TestServer } from '../support/index.ts';
import { authenticateApiKey } from '../../src/modules/api-keys/service.ts';
import { getOrg } from '../../src/modules/orgs/service.ts';
import type { Actor } from '../../src/platform/http/context.ts';

/**
 * The reads every API-key request makes (issue #11): the key lookup and GET /v1/org are one scoped prepared
 * statement each, no knex and no explicit transaction, and still run as the app role under RLS.
 */
let server: TestServer;
let t: Tenant;
const context = new AsyncLocalStorage<string[][]>();
let stop: () => void;

beforeAll(async () => {
  server = await startTestServer();
  t = await createTenant(server.url, 'Hot Reads');
  stop = server.platform.db.observers.add((trip) => context.getStore()?.push(trip.statements));
});
afterAll(async () => {
  stop?.();
  await server?.close();
});

// Transaction plumbing the engine adds around a statement (PGlite runs one as BEGIN, scope, statement, COMMIT).
const PLUMBING = new Set(['BEGIN', 'COMMIT', 'vox_begin', 'vox_scope']);

async function traced<T>(fn: () => Promise<T>) {
  const trips: string[][] = [];
  const value = await context.run(trips, fn);
  return { value, trips, statements: trips.flat().filter((s) => !PLUMBING.has(s)) };
}

describe('hot reads', () => {
  it('authenticates an API key in one scoped statement', async () => {
    const { value, trips, statements } = await traced(() => authenticateApiKey(server.platform.db, t.adminKey));
    expect(value).toMatchObject({ type: 'api_key', keyOrgId: t.orgId });
    expect(statements).toEqual(['vox_authenticate_api_key']);
    if (TEST_DB === 'pg') expect(trips).toEqual([['vox_scope', 'vox_authenticate_api_key']]);
  });

  it('reads the org in one scoped statement, and over HTTP answers the same', async () => {
    const principal = await authenticateApiKey(server.platform.db, t.adminKey);
    const actor: Actor = { orgId: t.orgId, role: 'admin', principal, livemode: true, userId: null, ip: null, userAgent: null, requestId: 'req_test' };
    const { value, trips, statements } = await traced(() => getOrg(server.platform, actor));
    expect(value).toMatchObject({ id: t.orgId, object: 'org', name: 'Hot Reads' });
    expect(statements).toEqual(['vox_org_by_id']);
    if (TEST_DB === 'pg') expect(trips).toEqual([['vox_scope', 'vox_org_by_id']]);
    const http = await call(server.url, 'GET', '/v1/org', { creds: { apiKey: t.adminKey } });
    expect(http.status).toBe(200);
    expect(http.body).toEqual(value);
  });

});
