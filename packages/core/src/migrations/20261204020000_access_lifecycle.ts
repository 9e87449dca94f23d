import type { Knex } from 'knex';
import { runAll } from './sql.ts';

/**
 * Access that ends everywhere at once (issue #10 items 3 and 14):
 * - `api_keys.owner_user_id`: the person a key belongs to (the user who made it, or the owner of the key that
 *   made it), so removing or demoting that person revokes or narrows the key in the same transaction;
 * - `orgs.api_key_default_ttl_days`: the lifetime of keys created without `expires_at` (null: no expiry);
 * - an index for purging idempotency rows after their 24 hours.
 */
export async function up(knex: Knex): Promise<void> {
  await runAll(knex, [
    `ALTER TABLE orgs ADD COLUMN api_key_default_ttl_days integer
       CHECK (api_key_default_ttl_days IS NULL OR api_key_default_ttl_days BETWEEN 1 AND 3650)`,

    `ALTER TABLE api_keys ADD COLUMN owner_user_id text REFERENCES users(id)`,
    // Existing keys: made by a user directly, or by a key, which belongs to whoever that key belongs to.
    `UPDATE api_keys SET owner_user_id = created_by WHERE created_by LIKE 'usr\\_%'`,
    `DO $$ DECLARE n integer; BEGIN
       LOOP
         UPDATE api_keys k SET owner_user_id = p.owner_user_id FROM api_keys p
           WHERE k.owner_user_id IS NULL AND k.created_by = p.id AND p.owner_user_id IS NOT NULL;
         GET DIAGNOSTICS n = ROW_COUNT;
         EXIT WHEN n = 0;
       END LOOP;
     END $$`,
    `CREATE INDEX api_keys_owner_idx ON api_keys (owner_user_id, org_id) WHERE revoked_at IS NULL`,
    `CREATE INDEX invites_inviter_idx ON invites (invited_by, org_id) WHERE accepted_at IS NULL AND revoked_at IS NULL`,

    `CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runAll(knex, [
    `DROP INDEX IF EXISTS idempotency_keys_created_idx`,
    `DROP INDEX IF EXISTS invites_inviter_idx`,
    `DROP INDEX IF EXISTS api_keys_owner_idx`,
    `ALTER TABLE api_keys DROP COLUMN IF EXISTS owner_user_id`,
    `ALTER TABLE orgs DROP COLUMN IF EXISTS api_key_default_ttl_days`,
  ]);
}
