import type { EncryptedColumn } from './crypto/index.ts';

/** Every column holding keyring ciphertext, with the AAD it was written under; the rotation job walks these. */
export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { table: 'users', idColumn: 'id', column: 'mfa_secret_enc', aad: (row) => `${row.id}:mfa_totp` },
  { table: 'users', idColumn: 'id', column: 'mfa_pending_secret_enc', aad: (row) => `${row.id}:mfa_totp` },
];
