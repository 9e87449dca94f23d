/**
 * The SMS connector kind: booking confirmations, reminders and patient replies (Twilio in
 * production, the in-memory outbox in embedded mode). Core talks only to this interface and keeps
 * the opt-out ledger itself; connectors only report what the vendor told them (keyword, 21610).
 */
import type { ConnectionCheck, WebhookHeaders } from './voice.ts';

/**
 * Delivery states, Twilio's vocabulary (it is the de-facto standard and our only hosted vendor).
 * Terminal: delivered, undelivered, failed, canceled, read. 'unknown' is what parseStatus reports
 * for a state it has never heard of, so a new vendor state never crashes a webhook.
 */
export type SmsStatus =
  | 'accepted'
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'canceled'
  | 'read'
  | 'unknown';

export const SMS_STATUSES: readonly SmsStatus[] = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'read',
  'unknown',
];

export const TERMINAL_SMS_STATUSES: ReadonlySet<SmsStatus> = new Set(['delivered', 'undelivered', 'failed', 'canceled', 'read']);

/** Carrier/Twilio error: "Attempt to send to unsubscribed recipient" (the patient replied STOP). */
export const SMS_OPTED_OUT_VENDOR_CODE = '21610';

export type SmsKeyword = 'STOP' | 'START' | 'HELP';

export interface SendSmsInput {
  /** E.164 sender (a number the org owns at the vendor). */
  from: string;
  /** E.164 recipient. */
  to: string;
  body: string;
  /** Where the vendor posts delivery updates (parse them with parseStatus). */
  statusCallbackUrl?: string;
  /**
   * Our dedupe key. Connectors whose vendor supports one pass it on; Twilio's Messages API has
   * none, so there it is ignored and core must not blindly retry an ambiguous (timed-out) send.
   */
  idempotencyKey?: string;
}

export interface SendSmsResult {
  /** Vendor message id (Twilio "SM..." sid); status callbacks and replies refer to it. */
  externalId: string;
  status: SmsStatus;
}

export interface SmsWebhookRequest {
  /**
   * The full URL exactly as the vendor requested it, scheme + host + path + query. Behind a proxy
   * rebuild it from the public origin: Twilio signs the URL it called, not the one we see.
   */
  url: string;
  /** The parsed application/x-www-form-urlencoded body. */
  params: Record<string, string>;
  headers: WebhookHeaders;
}

export interface InboundSms {
  /** Vendor id of the inbound message (Twilio MessageSid). */
  externalId: string;
  /** E.164 of the patient. */
  from: string;
  /** E.164 of our number. */
  to: string;
  body: string;
  /** Set when the body is one of the vendor's standard opt-out/opt-in/help keywords. */
  keyword: SmsKeyword | null;
}

export interface SmsStatusUpdate {
  externalId: string;
  status: SmsStatus;
  /** Vendor error code as a string (Twilio ErrorCode), null when the update carries none. */
  errorCode: string | null;
  /** True when the vendor refused because the recipient opted out (Twilio 21610). */
  optedOut: boolean;
  /** E.164 numbers when the callback carries them (needed to file the opt-out against `to`). */
  to: string | null;
  from: string | null;
}

export interface SmsConnector {
  /** Vendor id, e.g. 'twilio' or 'local-sms'. Also the `connector` field of its errors. */
  readonly id: string;

  /**
   * Throws ConnectorError on failure. A recipient who opted out at the vendor is
   * `{ code: 'recipient_opted_out', vendorCode: '21610', retryable: false }`.
   */
  send(input: SendSmsInput): Promise<SendSmsResult>;

  /** True only for a correctly signed request. Never throws for bad input. */
  verifyWebhook(req: SmsWebhookRequest): boolean;
  /**
   * Parses an already-verified inbound-message webhook. Throws ConnectorError `invalid_request`
   * when required fields (id, from, to) are missing. Answer the webhook with HTTP 200 and an
   * empty body (or `<Response/>` as text/xml): we never reply through the webhook itself.
   */
  parseInbound(params: Record<string, string>): InboundSms;
  /** Parses an already-verified status callback; unknown states become 'unknown'. */
  parseStatus(params: Record<string, string>): SmsStatusUpdate;

  /** Never throws: bad credentials and outages come back as `{ ok: false }`. */
  testConnection(): Promise<ConnectionCheck>;
}

// Twilio's default keyword sets (Messaging Services "Advanced Opt-Out" defaults and the
// account-level defaults). Twilio acts on them only when the whole body is the keyword.
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES']);
const HELP_WORDS = new Set(['HELP', 'INFO']);

/**
 * Classifies a message body the way Twilio does: the entire body, trimmed and case-insensitive,
 * must be a keyword ("stop" opts out, "please stop texting me" does not). Trailing punctuation is
 * tolerated because phones autocorrect "Stop" to "Stop." and the patient's intent is unambiguous.
 */
export function smsKeyword(body: string): SmsKeyword | null {
  const word = body
    .trim()
    .replace(/[.!?]+$/u, '')
    .trim()
    .toUpperCase();
  if (STOP_WORDS.has(word)) return 'STOP';
  if (START_WORDS.has(word)) return 'START';
  if (HELP_WORDS.has(word)) return 'HELP';
  return null;
}

/** Normalises a vendor status string; anything unrecognised is 'unknown'. */
export function toSmsStatus(raw: string | undefined | null): SmsStatus {
  const s = (raw ?? '').trim().toLowerCase();
  return (SMS_STATUSES as readonly string[]).includes(s) ? (s as SmsStatus) : 'unknown';
}
