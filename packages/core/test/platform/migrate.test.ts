import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateLatest, pendingMigrations } from '../../src/platform/db/migrate.ts';
import { migrations } from '../../src/migrations/index.ts';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

describe('migrations at start', () => {
  it('run once when several processes start together', async () => {
    const config = { driver: 'pg' as const, url: tdb.appUrl, migrationUrl: tdb.ownerUrl, poolMax: 2 };
    const dbs = await Promise.all(Array.from({ length: 4 }, () => openDatabase(config)));
    try {
      const applied = await Promise.all(dbs.map((db) => migrateLatest(db)));
      // Exactly one process applied each migration; the rest waited on the lock and found nothing to do.
      expect(applied.flat().sort()).toEqual(Object.keys(migrations).sort());
      expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
      expect(await pendingMigrations(dbs[0]!.knex)).toEqual([]);
      const owner = await dbs[0]!.owner();
      const { rows } = await owner.raw('select count(*)::int as n from knex_migrations');
      expect(rows[0].n).toBe(Object.keys(migrations).length);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });
});
