import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer } from '../support/index.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'voxanne-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('embedded mode (PGlite in a data folder)', () => {
  it('boots on a fresh folder, migrates, and keeps its data across a restart', async () => {
    // No DATABASE_URL, no REDIS_URL, no encryption keys: the newcomer's `npm start`.
    const env = { VOXANNE_ENCRYPTION_KEYS: '' };
    const first = await startTestServer({ driver: 'pglite', redis: false, dataDir, env });
    let orgId: string;
    let apiKey: string;
    try {
      expect(first.platform.queue.kind).toBe('in-process');
      expect((await call(first.url, 'GET', '/ready')).body.checks).toEqual({ database: 'ok', migrations: 'ok', redis: 'not_configured' });
      const t = await createTenant(first.url, 'Embedded Clinic');
      orgId = t.orgId;
      apiKey = t.adminKey;
    } finally {
      await first.close();
    }
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(true);
    expect(existsSync(join(dataDir, 'keyring'))).toBe(true);

    const second = await startTestServer({ driver: 'pglite', redis: false, dataDir, env });
    try {
      const org = await call(second.url, 'GET', '/v1/org', { creds: { apiKey } });
      expect(org.status).toBe(200);
      expect(org.body).toMatchObject({ id: orgId, name: 'Embedded Clinic' });
    } finally {
      await second.close();
    }
  });
});
