/**
 * Issue #10 item 14: stored idempotent responses (which can hold a new API key's secret, encrypted) live 24
 * hours. A repeating job purges older rows, and an expired row is never replayed even before the purge runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, type Tenant, type TestServer } from '../support/index.ts';
import { until } from './voice.helpers.ts';
import { IDEMPOTENCY_PURGE_JOB, nextPurgeJobId, purgeIdempotencySoon } from '../../src/platform/http/idempotency-purge.ts';

let server: TestServer;
let t: Tenant;
beforeAll(async () => {
  server = await startTestServer();
  t = await createTenant(server.url, 'Retention');
});
afterAll(async () => {
  await server?.close();
});

const createKey = (key: string) =>
  call(server.url, 'POST', '/v1/api-keys', { body: { name: `idem-${key}`, scopes: ['read'] }, headers: { 'idempotency-key': key }, creds: { apiKey: t.adminKey } });
const stored = async (key: string) => {
  const owner = await server.platform.db.owner();
  return (await owner.raw('select key from idempotency_keys where org_id = ? and key = ?', [t.orgId, key])).rows.length;
};
const age = async (key: string, hours: number) => {
  const owner = await server.platform.db.owner();
  await owner.raw(`update idempotency_keys set created_at = now() - (? * interval '1 hour') where org_id = ? and key = ?`, [hours, t.orgId, key]);
};

describe('idempotency retention', () => {
  it('the purge job deletes rows older than 24 hours, keeps younger ones, and schedules its next run', async () => {
    const old = `old-${Date.now()}`;
    const young = `young-${Date.now()}`;
    expect((await createKey(old)).status).toBe(201);
    expect((await createKey(young)).status).toBe(201);
    await age(old, 25);
    await age(young, 23);

    // What every process does at boot: one purge now, which then chains itself.
    await purgeIdempotencySoon(server.platform);
    await until(() => stored(old), (n) => n === 0, 'the aged row to be purged');
    expect(await stored(young)).toBe(1);
    const next = await server.platform.queue.add(IDEMPOTENCY_PURGE_JOB, {}, { jobId: nextPurgeJobId() });
    expect(next.deduplicated).toBe(true);
  });

  it('never replays a stored response older than 24 hours, even before the purge', async () => {
    const key = `expired-${Date.now()}`;
    const first = await createKey(key);
    await age(key, 25);
    const again = await createKey(key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.id).not.toBe(first.body.id);
    expect(again.body.secret).not.toBe(first.body.secret);
  });
});
