import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Config } from '../../config.ts';
import { ensurePrivateDataDir, tightenDataDir } from '../data-dir.ts';
import { instrument, Observers } from './observe.ts';
import { createSql, pgEngine, pgliteEngine, type Sql } from './sql.ts';
import { installScopedTransactions } from './tenancy.ts';

// int8 and numeric arrive as strings through `pg` but as numbers through PGlite; counts fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export type Driver = 'pg' | 'pglite';

export interface PoolStats {
  used: number;
  free: number;
  pending: number;
}

interface Tarn {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

const poolStatsOf = (knex: Knex) => (): PoolStats => {
  const pool = (knex.client as { pool?: Tarn }).pool;
  return pool ? { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires() } : { used: 0, free: 0, pending: 0 };
};

export interface Database {
  readonly driver: Driver;
  /** The pool used for all request and job work; every transaction drops to the app role. */
  readonly knex: Knex;
  /** Prepared statements for the hot paths, on the same pool (decision 0013). */
  readonly sql: Sql;
  /** Round trips as they happen (tests count them; metrics may export the totals). */
  readonly observers: Observers;
  /** Connections in use and free, and acquisitions waiting for one (a metrics hook: waits mean the pool is too small). */
  poolStats(): PoolStats;
  /** PostgreSQL: the app role's URL (the cache invalidation feed opens its own connection with it). */
  readonly connectionUrl?: string;
  /** PGlite: the one embedded session. */
  readonly embedded?: import('@electric-sql/pglite').PGlite;
  /** A connection as the schema owner, for migrations only. */
  owner(): Promise<Knex>;
  close(): Promise<void>;
}

export async function openDatabase(config: Config['database']): Promise<Database> {
  if (config.driver === 'pg') return openPostgres(config);
  return openPglite(config.dataDir);
}

function openPostgres(config: Extract<Config['database'], { driver: 'pg' }>): Database {
  const knex = knexFactory({ client: 'pg', connection: config.url, pool: { min: 0, max: config.poolMax } });
  const observers = new Observers();
  const client = knex.client as { acquireRawConnection(): Promise<object> };
  const acquireRaw = client.acquireRawConnection.bind(client);
  client.acquireRawConnection = async () => instrument(await acquireRaw(), observers);
  const engine = pgEngine(knex);
  installScopedTransactions(knex, engine);
  let owner: Knex | undefined;
  return {
    driver: 'pg',
    knex,
    connectionUrl: config.url,
    sql: createSql(engine),
    observers,
    poolStats: poolStatsOf(knex),
    async owner() {
      owner ??= knexFactory({ client: 'pg', connection: config.migrationUrl, pool: { min: 0, max: 2 } });
      return owner;
    },
    async close() {
      await owner?.destroy();
      await knex.destroy();
    },
  };
}

/**
 * Embedded mode: one PGlite instance in the data folder. PGlite is a single session, so the app and the
 * owner share it; tenant transactions still switch to the app role, which is what subjects them to RLS.
 */
async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  // btree_gist backs the bookings exclusion constraint (no double booking); PGlite loads contrib extensions explicitly.
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const { default: ClientPgLite } = await import('knex-pglite');
  let pglite;
  if (dataDir === ':memory:') {
    pglite = await PGlite.create({ extensions: { vector, btree_gist } });
  } else {
    ensurePrivateDataDir(dataDir);
    pglite = await PGlite.create(`${dataDir.replace(/\/$/, '')}/pgdata`, { extensions: { vector, btree_gist } });
    tightenDataDir(dataDir);
  }
  const observers = new Observers();
  instrument(pglite, observers, ['query', 'exec']);
  const knex = knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: () => ({ pglite }) } as Knex.Config);
  const engine = pgliteEngine(knex);
  installScopedTransactions(knex, engine);
  return {
    driver: 'pglite',
    knex,
    embedded: pglite,
    sql: createSql(engine),
    observers,
    poolStats: poolStatsOf(knex),
    async owner() {
      return knex;
    },
    async close() {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
      // Files PGlite created while it ran (new tables, WAL segments) arrive 0666.
      if (dataDir !== ':memory:') tightenDataDir(dataDir);
    },
  };
}
