/** Shared types of PHI redaction. */

export const PHI_KINDS = ['SSN', 'CARD', 'DOB', 'PHONE', 'EMAIL', 'ADDRESS', 'MRN', 'MEMBER_ID'] as const;
export type PhiKind = (typeof PHI_KINDS)[number];

/** A span of the *original* text, `end` exclusive. */
export interface PhiFinding {
  kind: PhiKind;
  start: number;
  end: number;
}

export interface RedactOptions {
  /** Only these kinds are redacted. Default: all. */
  kinds?: readonly PhiKind[];
  /**
   * Text that came just before `text` (e.g. the agent's question "What's your date of birth?").
   * Used only to find labels; it is not redacted or returned.
   */
  context?: string;
  /** Default `[KIND]`. */
  placeholder?: (kind: PhiKind) => string;
}

export interface RedactResult {
  text: string;
  findings: PhiFinding[];
  /** Set when detection itself failed: `text` is then fully replaced by `[REDACTED]` (fail closed). */
  failed?: true;
  /** Set when the text was longer than the scan limit: the rest is replaced by `REDACTED_OVERFLOW`. */
  truncated?: true;
}
