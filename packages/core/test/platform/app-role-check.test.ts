import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { createTestDatabase, PG_ADMIN_URL, type TestDatabase } from '../support/database.ts';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { migrateLatest } from '../../src/platform/db/migrate.ts';
import { appRoleProblems } from '../../src/platform/db/role-check.ts';
import { bootPlatform } from '../../src/app/boot.ts';
import { loadConfig } from '../../src/config.ts';
import { generateKeySpec } from '../../src/platform/crypto/index.ts';
import { createLogger } from '../../src/platform/logger.ts';

/**
 * Issue #10 item 9: the server checks the app role at boot, on both engines, and refuses to start when it
 * could step around row-level security or rewrite the audit log. Roles are cluster-wide on PostgreSQL (and
 * other suites use voxanne_app at the same time), so broken roles there are throwaway roles, and broken
 * grants live in a throwaway database; PGlite is a cluster of its own, so there voxanne_app itself is broken.
 */
const silent = createLogger('silent');

const envFor = (extra: Record<string, string>) =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', VOXANNE_ENCRYPTION_KEYS: generateKeySpec('t1'), RUN_WORKERS: 'false', ...extra });

async function admin<T>(sql: string): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return (await c.query(sql)) as T;
  } finally {
    await c.end();
  }
}

describe('the app role on PostgreSQL', () => {
  let tdb: TestDatabase;
  let db: Database;
  let owner: Knex;
  const tag = randomBytes(4).toString('hex');
  const role = (what: string) => `vox_rolecheck_${tag}_${what}`;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await openDatabase({ driver: 'pg', url: tdb.appUrl, migrationUrl: tdb.ownerUrl, poolMax: 2 });
    await migrateLatest(db);
    owner = knexFactory({ client: 'pg', connection: tdb.ownerUrl });
    await admin(`CREATE ROLE ${role('super')} SUPERUSER; CREATE ROLE ${role('bypass')} BYPASSRLS; CREATE ROLE ${role('owner')};
      CREATE ROLE ${role('auditor')}; CREATE ROLE ${role('member')}; GRANT ${role('bypass')} TO ${role('member')}`);
    await owner.raw(`CREATE TABLE rolecheck_owned (id int)`);
    await owner.raw(`ALTER TABLE rolecheck_owned OWNER TO ${role('owner')}`);
    await owner.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON audit_events TO ${role('auditor')}`);
  });
  afterAll(async () => {
    await owner?.destroy();
    await db?.close();
    await tdb?.drop();
    await admin(`DROP ROLE IF EXISTS ${['super', 'bypass', 'owner', 'auditor', 'member'].map(role).join(', ')}`);
  });

  it('passes the migrated voxanne_app', async () => {
    expect(await appRoleProblems(db.knex)).toEqual([]);
  });

  it('names each way a role could step around isolation', async () => {
    expect(await appRoleProblems(db.knex, role('super'))).toEqual(expect.arrayContaining([expect.stringContaining('is a superuser'), expect.stringContaining('may change the audit log')]));
    expect(await appRoleProblems(db.knex, role('bypass'))).toEqual([expect.stringContaining('has BYPASSRLS')]);
    expect(await appRoleProblems(db.knex, role('owner'))).toEqual([expect.stringContaining('owns rolecheck_owned')]);
    expect(await appRoleProblems(db.knex, role('auditor'))).toEqual([expect.stringContaining('may change the audit log')]);
    expect(await appRoleProblems(db.knex, role('member'))).toEqual([expect.stringContaining(`member of ${role('bypass')}`)]);
    expect(await appRoleProblems(db.knex, role('missing'))).toEqual([expect.stringContaining('does not exist')]);
  });

  it('refuses to boot when voxanne_app may rewrite the audit log in this database', async () => {
    const broken = await createTestDatabase();
    try {
      const config = envFor({ DATABASE_URL: broken.appUrl, DATABASE_MIGRATION_URL: broken.ownerUrl });
      const first = await bootPlatform(config, { logger: silent });
      await first.close();
      const o = knexFactory({ client: 'pg', connection: broken.ownerUrl });
      await o.raw('GRANT UPDATE ON audit_events TO voxanne_app');
      await o.destroy();
      await expect(bootPlatform(config, { logger: silent })).rejects.toThrow(/Refusing to start: .*voxanne_app may change the audit log/);
    } finally {
      await broken.drop();
    }
  });
});

describe('the app role on PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'voxanne-rolecheck-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('boots with the migrated role, and refuses once voxanne_app has BYPASSRLS', async () => {
    const config = envFor({ VOXANNE_DATA_DIR: dataDir });
    const first = await bootPlatform(config, { logger: silent });
    expect(await appRoleProblems(first.knex)).toEqual([]);
    await first.close();

    const raw = await PGlite.create(join(dataDir, 'pgdata'), { extensions: { vector, btree_gist } });
    await raw.exec('ALTER ROLE voxanne_app BYPASSRLS');
    await raw.close();
    await expect(bootPlatform(config, { logger: silent })).rejects.toThrow(/Refusing to start: .*voxanne_app has BYPASSRLS/);
  });
});
