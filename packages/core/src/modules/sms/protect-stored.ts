/**
 * Brings SMS rows written before bodies were protected (migration 20261204030000) up to the rule in body.ts:
 * bodies redacted (outbound ones encrypted too), inbox payloads encrypted while waiting and cleared once
 * processed. A job rather than the migration, because encrypting needs the keyring, which migrations do not
 * have. It runs as the schema owner (every org's rows, like key rotation), in batches, and compares before
 * it writes, so a rerun or a concurrent writer is safe; a second run finds nothing.
 */
import type { Knex } from 'knex';
import type { Keyring } from '../../platform/crypto/index.ts';
import { encryptInboxParams, redactedNote, storedBody } from './body.ts';

export const SMS_PROTECT_JOB = 'sms.protect-stored';

const BATCH = 500;

interface LegacyMessage {
  id: string;
  org_id: string;
  direction: 'outbound' | 'inbound';
  body: string;
  error_message: string | null;
}

interface LegacyInbox {
  id: string;
  org_id: string;
  params: Record<string, string> | string;
  processed_at: Date | null;
}

export async function protectStoredSms(opts: { db: Knex; keyring: Keyring }): Promise<{ messages: number; inbox: number }> {
  const { db, keyring } = opts;
  let messages = 0;
  let inbox = 0;
  let after = '';
  for (;;) {
    const rows: LegacyMessage[] = await db('sms_messages').where('body_redacted', false).where('id', '>', after).orderBy('id').limit(BATCH).select('id', 'org_id', 'direction', 'body', 'error_message');
    for (const r of rows) {
      const changes = { ...storedBody(keyring, r.org_id, r.id, r.direction, r.body), error_message: r.error_message === null ? null : redactedNote(r.error_message) };
      messages += await db('sms_messages').where({ id: r.id, body_redacted: false, body: r.body }).update(changes);
    }
    if (rows.length < BATCH) break;
    after = rows.at(-1)!.id;
  }
  after = '';
  for (;;) {
    const rows: LegacyInbox[] = await db('sms_inbox').whereNotNull('params').where('id', '>', after).orderBy('id').limit(BATCH).select('id', 'org_id', 'params', 'processed_at');
    for (const r of rows) {
      const params = typeof r.params === 'string' ? (JSON.parse(r.params) as Record<string, string>) : r.params;
      // Processed rows only keep their dedupe key; waiting ones keep their payload, encrypted.
      const params_enc = r.processed_at ? null : encryptInboxParams(keyring, r.org_id, r.id, params);
      inbox += await db('sms_inbox').where({ id: r.id }).whereNotNull('params').update({ params: null, params_enc });
    }
    if (rows.length < BATCH) break;
    after = rows.at(-1)!.id;
  }
  return { messages, inbox };
}
