import type { Knex } from 'knex';
import { migrationSource, migrations } from '../../migrations/index.ts';
import type { Database } from './database.ts';

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 724_010_001;

/**
 * Runs pending migrations once even when several processes start together: on PostgreSQL an advisory
 * lock serialises them (the losers wait, then find nothing to do); PGlite is a single process.
 */
export async function migrateLatest(db: Database): Promise<string[]> {
  const owner = await db.owner();
  if (db.driver === 'pglite') {
    const [, applied] = await owner.migrate.latest({ migrationSource });
    return applied as string[];
  }
  const conn = await owner.client.acquireConnection();
  try {
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const [, applied] = await owner.migrate.latest({ migrationSource });
    return applied as string[];
  } finally {
    await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await owner.client.releaseConnection(conn);
  }
}

/** Readiness: every known migration has been applied. Runs as the app role (it may read knex_migrations). */
export async function pendingMigrations(knex: Knex): Promise<string[]> {
  const rows: { name: string }[] = await knex('knex_migrations').select('name');
  const applied = new Set(rows.map((r) => r.name));
  return Object.keys(migrations).filter((m) => !applied.has(m));
}
