// AES-256-GCM under named keys. The key id travels in the ciphertext so a new key can become
// active while rows written under older keys stay readable until reencryptAll() moves them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type KeyringErrorCode = 'invalid_spec' | 'invalid_key' | 'malformed' | 'unknown_key' | 'decrypt_failed';

export class KeyringError extends Error {
  override readonly name = 'KeyringError';
  constructor(
    readonly code: KeyringErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface KeyringKey {
  id: string;
  key: Buffer;
}

export interface KeyringOptions {
  keys: KeyringKey[];
  activeKeyId: string;
}

export interface Keyring {
  readonly activeKeyId: string;
  /** `aad` names the value's context (e.g. `org_123:integration:vapi`) so it cannot be moved to another row. */
  encrypt(plaintext: string, aad: string): string;
  decrypt(ciphertext: string, aad: string): string;
  /** True when the value was written under a key other than the active one. */
  needsRotation(ciphertext: string): boolean;
}

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Dots delimit the ciphertext and commas/colons the spec, so a kid may hold neither.
const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;
const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function assertKeyId(kid: string): void {
  if (!KID_PATTERN.test(kid)) {
    throw new KeyringError('invalid_key', `key id "${kid}" must be 1-64 characters of A-Z a-z 0-9 _ -`);
  }
}

/**
 * Parses `kid1:base64key,kid2:base64key`; the first key is the active one.
 * Error messages name the key id and position, never the key material.
 */
export function parseKeyring(spec: string): KeyringOptions {
  const trimmed = spec.trim();
  if (!trimmed) throw new KeyringError('invalid_spec', 'keyring spec is empty; expected "kid:base64key[,kid:base64key...]"');
  const keys: KeyringKey[] = [];
  trimmed.split(',').forEach((raw, i) => {
    const entry = raw.trim();
    const where = `keyring entry ${i + 1}`;
    if (!entry) throw new KeyringError('invalid_spec', `${where} is empty`);
    const sep = entry.indexOf(':');
    if (sep < 0) throw new KeyringError('invalid_spec', `${where} has no ':'; expected "kid:base64key"`);
    const id = entry.slice(0, sep);
    const encoded = entry.slice(sep + 1);
    try {
      assertKeyId(id);
    } catch (err) {
      throw new KeyringError('invalid_spec', `${where}: ${(err as Error).message}`);
    }
    if (!B64.test(encoded)) throw new KeyringError('invalid_spec', `${where} (kid "${id}"): key is not valid base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES) {
      throw new KeyringError('invalid_spec', `${where} (kid "${id}"): key is ${key.length} bytes, expected ${KEY_BYTES}`);
    }
    if (keys.some((k) => k.id === id)) throw new KeyringError('invalid_spec', `${where}: duplicate key id "${id}"`);
    keys.push({ id, key });
  });
  return { keys, activeKeyId: keys[0]!.id };
}

export function createKeyring(options: KeyringOptions): Keyring {
  if (options.keys.length === 0) throw new KeyringError('invalid_key', 'keyring has no keys');
  const byId = new Map<string, Buffer>();
  for (const { id, key } of options.keys) {
    assertKeyId(id);
    if (key.length !== KEY_BYTES) throw new KeyringError('invalid_key', `key "${id}" is ${key.length} bytes, expected ${KEY_BYTES}`);
    if (byId.has(id)) throw new KeyringError('invalid_key', `duplicate key id "${id}"`);
    // A private copy: the caller may zero or reuse its buffer.
    byId.set(id, Buffer.from(key));
  }
  const activeKeyId = options.activeKeyId;
  const activeKey = byId.get(activeKeyId);
  if (!activeKey) throw new KeyringError('invalid_key', `active key id "${activeKeyId}" is not in the keyring`);

  // The header is authenticated too, so the version and kid cannot be edited either.
  const fullAad = (kid: string, aad: string) => Buffer.from(`${VERSION}.${kid}.${aad}`, 'utf8');

  return {
    activeKeyId,

    encrypt(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', activeKey, iv);
      cipher.setAAD(fullAad(activeKeyId, aad));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, activeKeyId, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
    },

    decrypt(ciphertext, aad) {
      const { kid, iv, tag, ct } = parse(ciphertext);
      const key = byId.get(kid);
      if (!key) throw new KeyringError('unknown_key', `ciphertext uses key id "${kid}", which is not in the keyring`);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(fullAad(kid, aad));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      } catch {
        throw new KeyringError('decrypt_failed', 'ciphertext failed authentication (tampered, or decrypted with the wrong AAD)');
      }
    },

    needsRotation(ciphertext) {
      return parse(ciphertext).kid !== activeKeyId;
    },
  };
}

/** Convenience for config: `loadKeyring(process.env.ENCRYPTION_KEYS)`. */
export function loadKeyring(spec: string): Keyring {
  return createKeyring(parseKeyring(spec));
}

/** The ciphertext prefix of every value under `kid`; lets SQL find rows still under older keys. */
export function ciphertextPrefix(kid: string): string {
  return `${VERSION}.${kid}.`;
}

function parse(ciphertext: string): { kid: string; iv: Buffer; tag: Buffer; ct: Buffer } {
  const parts = ciphertext.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new KeyringError('malformed', `ciphertext is not in the ${VERSION}.<kid>.<iv>.<tag>.<ct> format`);
  }
  const [, kid, ivPart, tagPart, ctPart] = parts as [string, string, string, string, string];
  if (!KID_PATTERN.test(kid) || ![ivPart, tagPart, ctPart].every((p) => B64URL.test(p))) {
    throw new KeyringError('malformed', 'ciphertext has an invalid key id or encoding');
  }
  const iv = Buffer.from(ivPart, 'base64url');
  const tag = Buffer.from(tagPart, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new KeyringError('malformed', 'ciphertext has a wrong-sized IV or tag');
  }
  return { kid, iv, tag, ct: Buffer.from(ctPart, 'base64url') };
}
