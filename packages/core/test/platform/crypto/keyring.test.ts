import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeySpec } from '../../../src/platform/crypto/generate.ts';
import { KeyringError, createKeyring, loadKeyring, parseKeyring } from '../../../src/platform/crypto/keyring.ts';

const AAD = 'org_123:integration:vapi';
const key = (fill: number) => Buffer.alloc(32, fill);

function keyringError(fn: () => unknown): KeyringError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KeyringError);
    return err as KeyringError;
  }
  throw new Error('expected a KeyringError');
}

describe('keyring', () => {
  const ring = createKeyring({ keys: [{ id: 'k1', key: key(1) }], activeKeyId: 'k1' });

  it('round-trips text, including empty and non-ASCII values', () => {
    for (const secret of ['sk_live_abc123', '', 'Zoë — 患者 🦷']) {
      const ct = ring.encrypt(secret, AAD);
      expect(ring.decrypt(ct, AAD)).toBe(secret);
    }
  });

  it('writes v1.<kid>.<iv>.<tag>.<ct> with a fresh 12-byte IV each time', () => {
    const a = ring.encrypt('same', AAD);
    const b = ring.encrypt('same', AAD);
    expect(a).not.toBe(b);
    const [version, kid, iv, tag, ct] = a.split('.');
    expect([version, kid]).toEqual(['v1', 'k1']);
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ct!, 'base64url')).toHaveLength(4);
    expect(a).not.toContain('same');
  });

  it('detects tampering with the ciphertext, tag or IV', () => {
    const parts = ring.encrypt('sk_live_abc123', AAD).split('.');
    for (const i of [2, 3, 4]) {
      const bytes = Buffer.from(parts[i]!, 'base64url');
      bytes[0]! ^= 1;
      const tampered = parts.map((p, j) => (j === i ? bytes.toString('base64url') : p)).join('.');
      expect(keyringError(() => ring.decrypt(tampered, AAD)).code).toBe('decrypt_failed');
    }
  });

  it('refuses a value moved to another row (AAD mismatch)', () => {
    const ct = ring.encrypt('sk_live_abc123', AAD);
    expect(keyringError(() => ring.decrypt(ct, 'org_456:integration:vapi')).code).toBe('decrypt_failed');
  });

  it('rejects an unknown key id and malformed input with typed errors', () => {
    const other = createKeyring({ keys: [{ id: 'k9', key: key(9) }], activeKeyId: 'k9' });
    const err = keyringError(() => ring.decrypt(other.encrypt('x', AAD), AAD));
    expect(err.code).toBe('unknown_key');
    expect(err.message).toContain('k9');
    for (const bad of ['', 'plaintext', 'v2.k1.a.b.c', 'v1.k1.!!.b.c', 'v1.k1.AAAA.AAAA.AAAA']) {
      expect(keyringError(() => ring.decrypt(bad, AAD)).code).toBe('malformed');
    }
  });

  it('keeps old ciphertexts readable after a new key becomes active', () => {
    const oldSpec = generateKeySpec('k2024');
    const before = loadKeyring(oldSpec);
    const ct = before.encrypt('sk_live_old', AAD);

    const after = loadKeyring(`${generateKeySpec('k2025')},${oldSpec}`);
    expect(after.activeKeyId).toBe('k2025');
    expect(after.decrypt(ct, AAD)).toBe('sk_live_old');
    expect(after.needsRotation(ct)).toBe(true);
    const fresh = after.encrypt('sk_live_new', AAD);
    expect(fresh.startsWith('v1.k2025.')).toBe(true);
    expect(after.needsRotation(fresh)).toBe(false);
    // The old keyring cannot read what the new key wrote.
    expect(keyringError(() => before.decrypt(fresh, AAD)).code).toBe('unknown_key');
  });

  it('refuses a keyring whose active key is missing or whose keys are the wrong size', () => {
    expect(() => createKeyring({ keys: [{ id: 'a', key: key(1) }], activeKeyId: 'b' })).toThrow(/active key id "b"/);
    expect(() => createKeyring({ keys: [{ id: 'a', key: randomBytes(16) }], activeKeyId: 'a' })).toThrow(/16 bytes/);
    expect(() => createKeyring({ keys: [], activeKeyId: 'a' })).toThrow(/no keys/);
    expect(() =>
      createKeyring({ keys: [{ id: 'a', key: key(1) }, { id: 'a', key: key(2) }], activeKeyId: 'a' }),
    ).toThrow(/duplicate key id "a"/);
  });
});

describe('parseKeyring', () => {
  const b64 = (n: number) => randomBytes(n).toString('base64');

  it('takes the first entry as active and keeps the others for decryption', () => {
    const k1 = b64(32);
    const k2 = b64(32);
    const parsed = parseKeyring(` new:${k1} , old:${k2} `);
    expect(parsed.activeKeyId).toBe('new');
    expect(parsed.keys.map((k) => [k.id, k.key.toString('base64')])).toEqual([
      ['new', k1],
      ['old', k2],
    ]);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    [`a:${b64(16)}`, /entry 1 \(kid "a"\): key is 16 bytes, expected 32/],
    [`a:${b64(32)},b:${b64(31)}`, /entry 2 \(kid "b"\): key is 31 bytes/],
    [`a:${b64(32)},a:${b64(32)}`, /duplicate key id "a"/],
    [`a:${b64(32)},,b:${b64(32)}`, /entry 2 is empty/],
    [`${b64(32)}`, /no ':'/],
    [`:${b64(32)}`, /key id ""/],
    [`a.b:${b64(32)}`, /key id "a.b"/],
    ['a:not base64!', /not valid base64/],
  ])('rejects %j with a message naming the problem', (spec, message) => {
    const err = keyringError(() => parseKeyring(spec));
    expect(err.code).toBe('invalid_spec');
    expect(err.message).toMatch(message);
  });

  it('never puts key material in its errors', () => {
    const secret = b64(16);
    expect(keyringError(() => parseKeyring(`a:${secret}`)).message).not.toContain(secret);
  });
});

describe('generateKeySpec', () => {
  it('produces a spec that parses, with a fresh key each time', () => {
    const a = parseKeyring(generateKeySpec());
    const b = parseKeyring(generateKeySpec());
    expect(a.keys[0]!.key).toHaveLength(32);
    expect(a.keys[0]!.key.equals(b.keys[0]!.key)).toBe(false);
    expect(a.activeKeyId).toMatch(/^k\d{8}[0-9a-f]{4}$/);
    expect(parseKeyring(generateKeySpec('primary')).activeKeyId).toBe('primary');
    expect(() => generateKeySpec('bad:kid')).toThrow(KeyringError);
  });
});
