import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const APP_ROLE_LOGIN = 'voxanne_app';

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  /** The app role: owns nothing, subject to RLS. */
  appUrl: string;
  /** The schema owner, for migrations. */
  ownerUrl: string;
  drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database per test file, so files run in parallel without seeing each other.
 * The app role is a login role here, as in production; `.ci/run` creates it too.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `vox_test_${randomBytes(6).toString('hex')}`;
  await admin(async (c) => {
    await c.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE_LOGIN}') THEN CREATE ROLE ${APP_ROLE_LOGIN} LOGIN NOBYPASSRLS;
      END IF; END $$`).catch((err: { code?: string }) => {
      // Two files racing to create the role: the loser sees a duplicate, which is fine.
      if (err.code !== '23505' && err.code !== '42710') throw err;
    });
    // A migration run elsewhere may have created it NOLOGIN (its safe default).
    await c.query(`ALTER ROLE ${APP_ROLE_LOGIN} LOGIN NOSUPERUSER NOBYPASSRLS`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return {
    name,
    appUrl: withDatabase(PG_ADMIN_URL, name).replace('postgres@', `${APP_ROLE_LOGIN}@`),
    ownerUrl: withDatabase(PG_ADMIN_URL, name),
    async drop() {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
