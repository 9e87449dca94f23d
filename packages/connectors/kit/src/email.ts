/**
 * The email connector kind: account emails (sign-up verification, "someone tried to sign up"). SMTP is
 * issue #15; the embedded connector is the local outbox (connector-local), which core backs with a table
 * so developers can read what would have been sent.
 */

export interface EmailMessage {
  /** One recipient address. */
  to: string;
  subject: string;
  /** The plain-text body; always present so every client can read it. */
  text: string;
  /** An optional HTML alternative of the same content. */
  html?: string;
}

export interface EmailConnector {
  /** Vendor id, e.g. 'local-email'. Also the `connector` field of its errors. */
  readonly id: string;
  /**
   * Sends one message; resolves with the vendor's message id. Throws ConnectorError on failure; a
   * malformed message (no recipient, blank subject or text) is `invalid_request`, not retryable.
   */
  send(message: EmailMessage): Promise<{ id: string }>;
}

// Deliberately loose: one '@', something on each side, no whitespace. Real validation is the vendor's.
const ADDRESS = /^[^\s@]+@[^\s@]+$/u;

/** Why a message cannot be sent, or null when it can; connectors call this before reaching a vendor. */
export function invalidEmailMessage(m: EmailMessage): string | null {
  if (typeof m.to !== 'string' || !ADDRESS.test(m.to)) return 'The recipient is not an email address.';
  if (typeof m.subject !== 'string' || !m.subject.trim()) return 'The subject is empty.';
  if (/[\r\n]/u.test(m.subject)) return 'The subject contains a line break.';
  if (typeof m.text !== 'string' || !m.text.trim()) return 'The text body is empty.';
  return null;
}
