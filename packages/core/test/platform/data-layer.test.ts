import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startRoundTripProxy, type RoundTripProxy } from '../support/round-trip-proxy.ts';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { migrateLatest } from '../../src/platform/db/migrate.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { statement } from '../../src/platform/db/statements.ts';
import { assertAppRole, ScopeError } from '../../src/platform/db/scope.ts';
import type { RoundTrip } from '../../src/platform/db/observe.ts';

/**
 * The hot-path data layer on both engines: scoped statements in one round trip, BEGIN + scope folded,
 * the scope lasting exactly as long as its transaction, batches all or nothing, and RLS still deciding.
 */
const ORG_A = 'org_01JDATA0000000000000000AAA';
const ORG_B = 'org_01JDATA0000000000000000BBB';

const ORG_IDS = statement<{ id: string }>('test_org_ids', 'select id from orgs order by id');
const AUDIT_INSERT = statement('test_audit_insert', `insert into audit_events (id, org_id, actor_type, action) values ($1, app_org_id(), 'system', 'test')`);
const AUDIT_COUNT = statement<{ n: number }>('test_audit_count', 'select count(*)::int as n from audit_events');
const FAILS = statement('test_fails', 'select 1 / 0');
const FRESH = statement<{ v: number }>('test_fresh', 'select 42 as v');
const LEFTOVER = `select current_setting('app.org_id', true) as org, current_user::text as who`;

interface Engine {
  db: Database;
  /** The login the pool connects as: outside a scoped transaction, the session is back to it. */
  login: string;
  owner: Knex;
  proxy?: RoundTripProxy;
  close(): Promise<void>;
}

async function postgres(): Promise<Engine> {
  const tdb: TestDatabase = await createTestDatabase();
  const proxy = await startRoundTripProxy(tdb.appUrl);
  // One connection, so "the next query" is on the same session as the previous one.
  const db = await openDatabase({ driver: 'pg', url: proxy.url, migrationUrl: tdb.ownerUrl, poolMax: 1 });
  await migrateLatest(db);
  const owner = knexFactory({ client: 'pg', connection: tdb.ownerUrl });
  return {
    db,
    login: 'voxanne_app',
    owner,
    proxy,
    async close() {
      await owner.destroy();
      await db.close();
      await proxy.close();
      await tdb.drop();
    },
  };
}

async function pglite(): Promise<Engine> {
  const db = await openDatabase({ driver: 'pglite', dataDir: ':memory:' });
  await migrateLatest(db);
  // PGlite is one session as its superuser; outside a scoped transaction the session is that superuser.
  return { db, login: 'postgres', owner: db.knex, close: () => db.close() };
}

function record(db: Database) {
  const trips: RoundTrip[] = [];
  const stop = db.observers.add((t) => trips.push(t));
  return { trips, stop };
}

describe.each([
  ['postgres', postgres],
  ['pglite', pglite],
] as const)('data layer on %s', (_engine, open) => {
  let e: Engine;
  beforeAll(async () => {
    e = await open();
    await e.owner.raw(`insert into orgs (id, name) values (?, 'A'), (?, 'B')`, [ORG_A, ORG_B]);
  });
  afterAll(async () => {
    await e?.close();
  });

  it('runs a scoped statement under RLS: each org sees only itself', async () => {
    expect(await e.db.sql.one({ orgId: ORG_A }, ORG_IDS, [])).toEqual([{ id: ORG_A }]);
    expect(await e.db.sql.one({ orgId: ORG_B }, ORG_IDS, [])).toEqual([{ id: ORG_B }]);
    expect(await e.db.sql.one({}, ORG_IDS, [])).toEqual([]);
  });

  it('ends the scope with the statement: the next query on the session has no org and its own role', async () => {
    await e.db.sql.one({ orgId: ORG_A }, ORG_IDS, []);
    const { rows } = await e.db.knex.raw(LEFTOVER);
    expect(rows[0]).toEqual({ org: expect.toSatisfy((v: unknown) => !v), who: e.login });
    await inScope(e.db.knex, { orgId: ORG_B }, (tx) => tx('orgs').select('id'));
    const after = await e.db.knex.raw(LEFTOVER);
    expect(after.rows[0]).toEqual({ org: expect.toSatisfy((v: unknown) => !v), who: e.login });
  });

  it('runs a batch all or nothing', async () => {
    await expect(e.db.sql.batch({ orgId: ORG_A }, [
      [AUDIT_INSERT, ['aud_01JDATA0000000000000000001']],
      [FAILS, []],
    ])).rejects.toMatchObject({ code: '22012' });
    const [[count]] = (await e.db.sql.batch({ orgId: ORG_A }, [[AUDIT_COUNT, []]])) as [[{ n: number }]];
    expect(count.n).toBe(0);
    const [, [after]] = (await e.db.sql.batch({ orgId: ORG_A }, [
      [AUDIT_INSERT, ['aud_01JDATA0000000000000000002']],
      [AUDIT_COUNT, []],
    ])) as [unknown, [{ n: number }]];
    expect(after.n).toBe(1);
  });

  it('recovers a statement that a failed batch left half-prepared', async () => {
    await expect(e.db.sql.batch({}, [[FRESH, []], [FAILS, []]])).rejects.toMatchObject({ code: '22012' });
    expect(await e.db.sql.one({}, FRESH, [])).toEqual([{ v: 42 }]);
    expect(await e.db.sql.one({}, FRESH, [])).toEqual([{ v: 42 }]);
  });

  it('reports the app role from every scope statement', async () => {
    // The scope's own row is what assertAppRole checks; a session that stayed superuser would say so.
    const trips = record(e.db);
    await inScope(e.db.knex, { orgId: ORG_A }, async (tx) => {
      const { rows } = await tx.raw('select current_user::text as who');
      expect(rows[0].who).toBe('voxanne_app');
    });
    trips.stop();
    expect(trips.trips.flatMap((t) => t.statements).filter((s) => s === 'vox_scope' || s.includes("set_config('role'"))).toHaveLength(1);
  });

});

describe('round trips on postgres, counted by a proxy on the wire', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await postgres();
    await e.owner.raw(`insert into orgs (id, name) values (?, 'A')`, [ORG_A]);
    // Connecting (startup, authentication, knex's version check) is not what is measured.
    await e.db.knex.raw('select 1');
  });
  afterAll(async () => {
    await e?.close();
  });

  it('opens a knex transaction with BEGIN and the scope in ONE round trip', async () => {
    const trips = record(e.db);
    const before = e.proxy!.trips;
    await inScope(e.db.knex, { orgId: ORG_A }, (tx) => tx('orgs').select('id'));
    trips.stop();
    // BEGIN + scope, the query, COMMIT: three, where knex alone takes four.
    expect(trips.trips.map((t) => t.statements)).toEqual([['vox_begin', 'vox_scope'], [expect.stringContaining('select "id" from "orgs"')], ['COMMIT;']]);
    expect(e.proxy!.trips - before).toBe(3);
  });

  it('runs a scoped statement in ONE round trip, prepared once per connection', async () => {
    const before = e.proxy!.trips;
    const trips = record(e.db);
    await e.db.sql.one({ orgId: ORG_A }, ORG_IDS, []);
    trips.stop();
    expect(trips.trips.map((t) => t.statements)).toEqual([['vox_scope', 'vox_test_org_ids']]);
    expect(e.proxy!.trips - before).toBe(1);
    const { rows } = await e.db.knex.raw(`select name from pg_prepared_statements where name like 'vox_%' order by name`);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['vox_begin', 'vox_scope', 'vox_test_org_ids']));
  });
});

describe('the app-role assertion', () => {
  it('refuses a scope that reports any other role', () => {
    expect(() => assertAppRole([{ current_role: 'voxanne_app' }])).not.toThrow();
    expect(() => assertAppRole([{ current_role: 'postgres' }])).toThrow(ScopeError);
    expect(() => assertAppRole([])).toThrow(ScopeError);
  });
});
