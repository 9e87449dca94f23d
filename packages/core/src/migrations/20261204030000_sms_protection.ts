import type { Knex } from 'knex';
import { runAll } from './sql.ts';

/**
 * SMS text at rest (issue #10 item 7). `sms_messages.body` becomes the redacted text and `body_enc` the
 * keyring-encrypted exact text of outbound messages; `body_redacted` marks rows written under that rule, so
 * existing rows (false) are found and converted by the `sms.protect-stored` job, which has the keyring this
 * migration lacks. The inbox's raw payload moves to `params_enc` (encrypted) and is cleared once processed;
 * `params` stays only for rows written before, until the same job clears or encrypts them.
 */
export async function up(knex: Knex): Promise<void> {
  await runAll(knex, [
    `ALTER TABLE sms_messages ADD COLUMN body_enc text`,
    // Default false: a writer that forgets to protect a body leaves it for the job instead of hiding it.
    `ALTER TABLE sms_messages ADD COLUMN body_redacted boolean NOT NULL DEFAULT false`,
    `CREATE INDEX sms_messages_unredacted_idx ON sms_messages (id) WHERE NOT body_redacted`,
    `ALTER TABLE sms_inbox ADD COLUMN params_enc text`,
    `ALTER TABLE sms_inbox ALTER COLUMN params DROP NOT NULL`,
    `CREATE INDEX sms_inbox_plaintext_idx ON sms_inbox (id) WHERE params IS NOT NULL`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runAll(knex, [
    `DROP INDEX IF EXISTS sms_inbox_plaintext_idx`,
    `UPDATE sms_inbox SET params = '{}' WHERE params IS NULL`,
    `ALTER TABLE sms_inbox ALTER COLUMN params SET NOT NULL`,
    `ALTER TABLE sms_inbox DROP COLUMN params_enc`,
    `DROP INDEX IF EXISTS sms_messages_unredacted_idx`,
    `ALTER TABLE sms_messages DROP COLUMN body_redacted`,
    `ALTER TABLE sms_messages DROP COLUMN body_enc`,
  ]);
}
