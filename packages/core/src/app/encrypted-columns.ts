import type { EncryptedColumn } from '../platform/crypto/index.ts';
import { idempotencyAad } from '../platform/http/idempotency.ts';
import { MODULES } from './modules.ts';

/** Every column holding keyring ciphertext, with the AAD it was written under; the rotation job walks these. */
export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  ...MODULES.flatMap((m) => m.encryptedColumns ?? []),
  // Replayable answers, which can hold a new API key's secret; keys are per org, so the row key is both columns.
  { table: 'idempotency_keys', idColumn: ['org_id', 'key'], column: 'response_body_enc', aad: (row) => idempotencyAad(String(row.org_id), String(row.key)) },
];
