import { describe, expect, it } from 'vitest';
import { randomToken, sha256Hex, timingSafeEqualStr } from '../../../src/platform/crypto/hash.ts';

describe('hash helpers', () => {
  it('sha256Hex matches the known digest', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('randomToken is base64url of the requested size and not repeated', () => {
    const a = randomToken(24);
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(24);
    expect(randomToken(24)).not.toBe(a);
    expect(Buffer.from(randomToken(), 'base64url')).toHaveLength(32);
  });

  it('timingSafeEqualStr compares values of any length', () => {
    expect(timingSafeEqualStr('vx_key_123', 'vx_key_123')).toBe(true);
    expect(timingSafeEqualStr('vx_key_123', 'vx_key_124')).toBe(false);
    expect(timingSafeEqualStr('short', 'much longer value')).toBe(false);
    expect(timingSafeEqualStr('', '')).toBe(true);
  });
});
