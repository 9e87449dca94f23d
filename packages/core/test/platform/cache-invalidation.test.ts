import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { signWebhook } from '@voxanne/connector-kit';
import { call, createTenant, createTestDatabase, PG_ADMIN_URL, type TestDatabase, type TestServer } from '../support/index.ts';
import { createClinic, eventually, futureSlot, NY, startSchedulingServer, type Clinic } from '../api/scheduling-support.ts';
import { callRef, simBody, toolCalls } from '../api/voice-webhook.support.ts';

/**
 * The per-org catalog cache across processes: two API instances with their own pools and listeners on one
 * PostgreSQL database. A write through one is seen by the other on its very next request, an org's cache
 * never answers for another org, and losing the invalidation feed flushes the cache instead of trusting it.
 */
const day = futureSlot(9).slice(0, 10);
const availability = (server: TestServer, clinic: Clinic, creds = clinic.creds, service = clinic.serviceId) =>
  call(server.url, 'GET', `/v1/availability?service=${service}&from=${day}&to=${day}&limit=200`, { creds });
const localHours = (slots: { starts_at: string }[]) => [...new Set(slots.map((s) => Number(s.starts_at.slice(11, 13))))].sort((x, y) => x - y);
const stats = (server: TestServer) => server.platform.caches.stats().kinds.scheduling ?? { hits: 0, misses: 0, invalidations: 0, size: 0 };

async function hours(server: TestServer, clinic: Clinic, start: string, end: string) {
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => ({ day: d, start, end }));
  const r = await call(server.url, 'PATCH', `/v1/resources/${clinic.resourceId}`, { body: { weekly_hours: days }, creds: clinic.creds });
  expect(r.status).toBe(200);
}

describe('two API processes on one PostgreSQL database', () => {
  let tdb: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let clinic: Clinic;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    a = await startSchedulingServer({ driver: 'pg', database: tdb });
    b = await startSchedulingServer({ driver: 'pg', database: tdb });
    clinic = await createClinic(a.url, { timezone: NY });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await tdb?.drop();
  });

  it('answers from its cache, and sees a write made through the other process on its next request', async () => {
    await hours(a, clinic, '09:00', '12:00');
    expect(localHours((await availability(b, clinic)).body.slots)).toEqual([9, 10, 11]);
    const before = stats(b);
    expect(localHours((await availability(b, clinic)).body.slots)).toEqual([9, 10, 11]);
    // The second answer came from memory: a hit, no catalog read.
    expect(stats(b).hits).toBe(before.hits + 1);
    expect(stats(b).misses).toBe(before.misses);

    await hours(a, clinic, '14:00', '16:00');
    expect(localHours((await availability(b, clinic)).body.slots)).toEqual([14, 15]);
  });

  it('sees a renamed and then a deleted service in a live tool call', async () => {
    const ask = async (toolCallId: string, service: string) => {
      const rawBody = simBody(toolCalls(callRef(`cache-${toolCallId}`), [{ toolCallId, name: 'check_availability', arguments: { date_from: day, service } }]));
      const secret = await b.platform.connectors.webhookSecret(clinic.tenant.orgId);
      const r = await call(b.url, 'POST', `/v1/voice/webhooks/${clinic.tenant.orgId}`, { raw: rawBody, headers: signWebhook({ secret, rawBody }) });
      return r.body.results[0] as { result?: string; error?: string };
    };
    expect((await ask('tc-1', 'cleaning')).result).toMatch(/^I have /);
    const renamed = await call(a.url, 'PATCH', `/v1/services/${clinic.serviceId}`, { body: { name: 'Whitening' }, creds: clinic.creds });
    expect(renamed.status).toBe(200);
    expect((await ask('tc-2', 'whitening')).result).toMatch(/^I have /);
    expect((await ask('tc-3', 'cleaning')).error).toBe("I couldn't find that service.");

    expect((await call(a.url, 'DELETE', `/v1/services/${clinic.serviceId}`, { creds: clinic.creds })).status).toBeLessThan(300);
    expect((await availability(b, clinic)).status).toBe(404);
  });

  it("never answers one org with another org's cached catalog", async () => {
    const other = await createClinic(a.url);
    const stranger = await createTenant(a.url, 'Stranger');
    expect((await availability(b, other)).status).toBe(200);
    expect(stats(b).size).toBeGreaterThan(0);
    const probe = await availability(b, other, { apiKey: stranger.adminKey });
    expect(probe.status).toBe(404);
    expect(probe.body.code).toBe('not_found');
  });

  it('refuses a key revoked through one process on the next request to the other (keys are not cached)', async () => {
    const made = await call(a.url, 'POST', '/v1/api-keys', { body: { name: 'short-lived', scopes: ['read'] }, creds: clinic.creds });
    expect(made.status).toBe(201);
    expect((await call(b.url, 'GET', '/v1/org', { creds: { apiKey: made.body.secret } })).status).toBe(200);
    expect((await call(a.url, 'DELETE', `/v1/api-keys/${made.body.id}`, { creds: clinic.creds })).status).toBe(200);
    const after = await call(b.url, 'GET', '/v1/org', { creds: { apiKey: made.body.secret } });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('api_key_revoked');
  });

  it('flushes and bypasses the cache while its invalidation feed is down, then resumes', async () => {
    const clinic2 = await createClinic(a.url, { timezone: NY });
    await hours(a, clinic2, '09:00', '10:00');
    expect(localHours((await availability(b, clinic2)).body.slots)).toEqual([9]);
    expect(stats(b).size).toBeGreaterThan(0);

    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'voxanne-cache-listener'`,
        [tdb.name],
      );
      expect(rowCount).toBe(2);
    } finally {
      await admin.end();
    }
    await eventually(async () => b.logs.some((l) => l.includes('cache invalidation feed lost')), 20_000, 'the feed loss to be noticed');
    await eventually(async () => b.platform.caches.stats().live, 20_000, 'the feed to come back');
    // Whatever was cached before may have missed an invalidation: it is gone.
    expect(stats(b).size).toBe(0);

    await hours(a, clinic2, '11:00', '12:00');
    expect(localHours((await availability(b, clinic2)).body.slots)).toEqual([11]);
  });
});

describe('one embedded process (PGlite listen)', () => {
  let s: TestServer;
  let clinic: Clinic;
  beforeAll(async () => {
    s = await startSchedulingServer({ driver: 'pglite' });
    clinic = await createClinic(s.url, { timezone: NY });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('caches the catalog and drops it when a write commits', async () => {
    await hours(s, clinic, '09:00', '11:00');
    expect(localHours((await availability(s, clinic)).body.slots)).toEqual([9, 10]);
    const before = stats(s);
    await availability(s, clinic);
    expect(stats(s).hits).toBe(before.hits + 1);
    await hours(s, clinic, '13:00', '14:00');
    expect(localHours((await availability(s, clinic)).body.slots)).toEqual([13]);
  });
});
