import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { migrateLatest } from '../../src/platform/db/migrate.ts';

/**
 * The schema audit: every table (but knex's own bookkeeping) has RLS enabled and FORCED with a policy,
 * every table with org_id has a policy on the per-transaction org setting, and the app role can neither
 * bypass RLS nor own anything. A new table that forgets any of this fails here.
 */
let tdb: TestDatabase;
let db: Database;
let owner: Knex;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = await openDatabase({ driver: 'pg', url: tdb.appUrl, migrationUrl: tdb.ownerUrl, poolMax: 2 });
  await migrateLatest(db);
  owner = knexFactory({ client: 'pg', connection: tdb.ownerUrl });
});
afterAll(async () => {
  await owner?.destroy();
  await db?.close();
  await tdb?.drop();
});

const BOOKKEEPING = new Set(['knex_migrations', 'knex_migrations_lock']);

describe('row-level security covers every table', () => {
  it('every table has RLS enabled, forced, and at least one policy', async () => {
    const { rows } = await owner.raw(`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')`);
    const tables = rows.filter((r: { table: string }) => !BOOKKEEPING.has(r.table));
    expect(tables.length).toBeGreaterThanOrEqual(9);
    const failures = tables.filter((r: { enabled: boolean; forced: boolean; policies: number }) => !r.enabled || !r.forced || r.policies < 1);
    expect(failures).toEqual([]);
  });

  it('every table with an org_id column has a policy on the org setting', async () => {
    const { rows } = await owner.raw(`
      select c.relname as table,
             bool_or(pg_get_expr(p.polqual, p.polrelid) like '%app_org_id()%') as scoped
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
      left join pg_policy p on p.polrelid = c.oid
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      group by c.relname`);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.filter((r: { scoped: boolean }) => !r.scoped)).toEqual([]);
  });

  it('the app role is not a superuser, cannot bypass RLS and owns no table', async () => {
    const { rows: roles } = await owner.raw(`select rolsuper, rolbypassrls from pg_roles where rolname = 'voxanne_app'`);
    expect(roles[0]).toEqual({ rolsuper: false, rolbypassrls: false });
    const { rows: owned } = await owner.raw(`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and pg_get_userbyid(c.relowner) = 'voxanne_app'`);
    expect(owned).toEqual([]);
  });

  it('the server connection itself runs as the app role', async () => {
    const { rows } = await db.knex.raw('select current_user as u');
    expect(rows[0].u).toBe('voxanne_app');
  });

  it('the audit log is append-only even for the schema owner', async () => {
    await owner.raw(`insert into orgs (id, name) values ('org_01J00000000000000000000000', 'x')`);
    await owner.raw(`insert into audit_events (id, org_id, actor_type, action) values ('aud_01J00000000000000000000000', 'org_01J00000000000000000000000', 'system', 'test')`);
    await expect(owner.raw(`update audit_events set action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(owner.raw(`delete from audit_events`)).rejects.toThrow(/append-only/);
  });
});
