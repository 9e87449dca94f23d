/**
 * How SMS text is kept at rest, like call transcripts: `body` holds the redacted text that the API and the
 * portal show. An outbound message also keeps its exact text in `body_enc`, encrypted with the keyring under
 * an AAD bound to its org and message, because that text is what we send (and, once sent, the record of what
 * the patient received). An inbound message keeps only the redacted text: its exact words live in the
 * encrypted inbox until the job has acted on them, then the inbox row is cleared.
 */
import type { Keyring } from '../../platform/crypto/index.ts';
import { redactText } from '../../platform/phi/index.ts';

/** Must stay identical to what the key-rotation column list uses for sms_messages.body_enc. */
export const smsBodyAad = (orgId: string, messageId: string) => `${orgId}:sms_body:${messageId}`;
/** Must stay identical to what the key-rotation column list uses for sms_inbox.params_enc. */
export const smsInboxAad = (orgId: string, inboxId: string) => `${orgId}:sms_inbox:${inboxId}`;

export interface StoredBody {
  body: string;
  body_enc: string | null;
  body_redacted: true;
}

/** The columns a message's text is stored in. */
export function storedBody(keyring: Keyring, orgId: string, messageId: string, direction: 'outbound' | 'inbound', text: string): StoredBody {
  return {
    body: redactText(text).text,
    body_enc: direction === 'outbound' ? keyring.encrypt(text, smsBodyAad(orgId, messageId)) : null,
    body_redacted: true,
  };
}

/** The exact text to send. A row written before bodies were protected still holds it in `body`. */
export function exactBody(keyring: Keyring, row: { id: string; org_id: string; body: string; body_enc: string | null; body_redacted: boolean }): string {
  if (row.body_enc) return keyring.decrypt(row.body_enc, smsBodyAad(row.org_id, row.id));
  if (!row.body_redacted) return row.body;
  throw new Error('the exact text of this message is not kept');
}

/** Vendor text shown to staff (an error message may quote the number): redacted like a body. */
export const redactedNote = (text: string) => redactText(text).text;

export function encryptInboxParams(keyring: Keyring, orgId: string, inboxId: string, params: Record<string, string>): string {
  return keyring.encrypt(JSON.stringify(params), smsInboxAad(orgId, inboxId));
}

export function decryptInboxParams(keyring: Keyring, orgId: string, inboxId: string, ciphertext: string): Record<string, string> {
  return JSON.parse(keyring.decrypt(ciphertext, smsInboxAad(orgId, inboxId))) as Record<string, string>;
}
