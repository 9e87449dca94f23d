/**
 * The unredacted transcript and summary of a call, kept only when the org opts in (call settings), encrypted
 * with the keyring. The AAD binds it to its org and call, so a ciphertext copied to another call's row fails
 * to decrypt. Only admins read it, through an audited endpoint.
 */
import type { Keyring } from '../../platform/crypto/index.ts';
import type { StoredTurn } from './transcript.ts';

export interface CallOriginal {
  transcript: StoredTurn[];
  summary: string | null;
}

/** Must stay identical to what the key-rotation column list uses for calls.original_enc. */
export const callOriginalAad = (orgId: string, callId: string) => `${orgId}:call_original:${callId}`;

export function encryptOriginal(keyring: Keyring, orgId: string, callId: string, original: CallOriginal): string {
  return keyring.encrypt(JSON.stringify(original), callOriginalAad(orgId, callId));
}

export function decryptOriginal(keyring: Keyring, orgId: string, callId: string, ciphertext: string): CallOriginal {
  return JSON.parse(keyring.decrypt(ciphertext, callOriginalAad(orgId, callId))) as CallOriginal;
}
