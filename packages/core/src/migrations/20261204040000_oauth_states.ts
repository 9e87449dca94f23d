import type { Knex } from 'knex';
import { tenantTable, runAll } from './sql.ts';

/**
 * OAuth connect flows (issue #10): the state of each flow, kept server-side so it can be bound to the
 * dashboard session that started it, used once and expire. Only a hash of the random state value is stored;
 * a consumed row stays until it expires, so a replay can be told apart from a forgery.
 */
export async function up(knex: Knex): Promise<void> {
  await runAll(knex, [
    `CREATE TABLE oauth_states (
       state_hash text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       provider text NOT NULL CHECK (provider IN ('google')),
       session_id text NOT NULL,
       user_id text NOT NULL,
       origin jsonb NOT NULL,
       expires_at timestamptz NOT NULL,
       consumed_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX oauth_states_expiry_idx ON oauth_states (org_id, expires_at)`,
    ...tenantTable('oauth_states'),
    `GRANT SELECT, INSERT, UPDATE, DELETE ON oauth_states TO voxanne_app`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runAll(knex, [`DROP TABLE IF EXISTS oauth_states`]);
}
