import type { EncryptedColumn } from './crypto/index.ts';
import { integrationAad } from '../modules/integrations/index.ts';
import { calendarTokenAad } from '../connectors/calendar.ts';
import { callOriginalAad, voiceInboxAad } from '../modules/calls/index.ts';
import { smsBodyAad, smsInboxAad } from '../modules/sms/index.ts';
import { idempotencyAad } from './http/idempotency.ts';

/** Every column holding keyring ciphertext, with the AAD it was written under; the rotation job walks these. */
export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { table: 'users', idColumn: 'id', column: 'mfa_secret_enc', aad: (row) => `${row.id}:mfa_totp` },
  { table: 'users', idColumn: 'id', column: 'mfa_pending_secret_enc', aad: (row) => `${row.id}:mfa_totp` },
  { table: 'integrations', idColumn: 'id', column: 'secrets_enc', aad: (row) => integrationAad(String(row.org_id), String(row.provider)) },
  { table: 'calendar_connections', idColumn: 'id', column: 'refresh_token_enc', aad: (row) => calendarTokenAad(String(row.org_id)) },
  { table: 'calls', idColumn: 'id', column: 'original_enc', aad: (row) => callOriginalAad(String(row.org_id), String(row.id)) },
  { table: 'voice_inbox', idColumn: 'id', column: 'payload_enc', aad: (row) => voiceInboxAad(String(row.org_id), String(row.id)) },
  { table: 'sms_messages', idColumn: 'id', column: 'body_enc', aad: (row) => smsBodyAad(String(row.org_id), String(row.id)) },
  { table: 'sms_inbox', idColumn: 'id', column: 'params_enc', aad: (row) => smsInboxAad(String(row.org_id), String(row.id)) },
  // Replayable answers, which can hold a new API key's secret; keys are per org, so the row key is both columns.
  { table: 'idempotency_keys', idColumn: ['org_id', 'key'], column: 'response_body_enc', aad: (row) => idempotencyAad(String(row.org_id), String(row.key)) },
];
