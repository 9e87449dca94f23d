import { randomBytes } from 'node:crypto';
import { assertKeyId } from './keyring.ts';

/**
 * A fresh one-key spec, `kid:base64key`. To rotate, put the new entry first:
 * `${generateKeySpec()},${currentSpec}`, deploy, then run reencryptAll().
 */
export function generateKeySpec(kid?: string): string {
  // Date plus randomness: readable in ciphertexts, and two rotations on one day still differ.
  const id = kid ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(2).toString('hex')}`;
  assertKeyId(id);
  return `${id}:${randomBytes(32).toString('base64')}`;
}
