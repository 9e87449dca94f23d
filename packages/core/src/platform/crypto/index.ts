export {
  KeyringError,
  ciphertextPrefix,
  createKeyring,
  loadKeyring,
  parseKeyring,
  type Keyring,
  type KeyringErrorCode,
  type KeyringKey,
  type KeyringOptions,
} from './keyring.ts';
export { generateKeySpec } from './generate.ts';
export { reencryptAll, type EncryptedColumn, type ReencryptOptions, type ReencryptReport } from './rotation.ts';
export { randomToken, sha256Hex, timingSafeEqualStr } from './hash.ts';
