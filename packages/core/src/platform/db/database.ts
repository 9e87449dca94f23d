import { mkdirSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Config } from '../../config.ts';

// int8 and numeric arrive as strings through `pg` but as numbers through PGlite; counts fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export type Driver = 'pg' | 'pglite';

export interface Database {
  readonly driver: Driver;
  /** The pool used for all request and job work; every transaction drops to the app role. */
  readonly knex: Knex;
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
  let owner: Knex | undefined;
  return {
    driver: 'pg',
    knex,
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
    mkdirSync(dataDir, { recursive: true });
    pglite = await PGlite.create(`${dataDir.replace(/\/$/, '')}/pgdata`, { extensions: { vector, btree_gist } });
  }
  const knex = knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: () => ({ pglite }) } as Knex.Config);
  return {
    driver: 'pglite',
    knex,
    async owner() {
      return knex;
    },
    async close() {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
