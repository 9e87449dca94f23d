import { WebhookVerificationError } from './errors.js';

/** Request headers as `Headers` (fetch, Hono, Next) or a plain object (Node's `req.headers`, Express). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  /** How far `webhook-timestamp` may be from now, either way. Default 300 (5 minutes), which bounds replays. */
  toleranceSeconds?: number;
  /** The clock to check the timestamp against; defaults to now. */
  now?: Date;
}

const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return Array.isArray(value) ? value.join(' ') : value;
  }
  return undefined;
}

// Svix, the production relay, sends the same scheme under `svix-*` names.
function standardHeader(headers: WebhookHeaders, field: 'id' | 'timestamp' | 'signature'): string | undefined {
  return header(headers, `webhook-${field}`) ?? header(headers, `svix-${field}`);
}

function base64ToBytes(value: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(value);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/** Compares every byte whatever the first difference, so timing does not reveal how much of a forgery matched. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function fail(code: string, message: string): never {
  throw new WebhookVerificationError(message, { code });
}

/**
 * Verifies a Standard Webhooks delivery and returns its parsed JSON payload.
 * `rawBody` must be the exact text received: re-serialised JSON does not match the signature.
 * `secret` is the endpoint's signing secret (`whsec_<base64>`). Throws WebhookVerificationError with a
 * `code` of `missing_headers`, `invalid_timestamp`, `timestamp_out_of_tolerance`, `invalid_secret`,
 * `invalid_signature` or `invalid_payload`.
 */
export async function verifyWebhook<T = unknown>(rawBody: string, headers: WebhookHeaders, secret: string, options: VerifyWebhookOptions = {}): Promise<T> {
  if (typeof rawBody !== 'string') fail('invalid_payload', 'Pass the raw request body as a string, not parsed JSON.');
  const id = standardHeader(headers, 'id');
  const timestamp = standardHeader(headers, 'timestamp');
  const signatures = standardHeader(headers, 'signature');
  if (!id || !timestamp || !signatures) fail('missing_headers', 'Missing webhook-id, webhook-timestamp or webhook-signature header.');

  if (!/^\d+$/.test(timestamp)) fail('invalid_timestamp', 'webhook-timestamp is not a Unix time in seconds.');
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now - Number(timestamp)) > tolerance) fail('timestamp_out_of_tolerance', 'webhook-timestamp is too far from now; possibly a replay.');

  const keyBytes = base64ToBytes(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  if (!keyBytes?.length) fail('invalid_secret', 'The webhook secret is not base64 (expected whsec_...).');
  const key = await globalThis.crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const expected = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${rawBody}`)));

  // Several signatures are sent while a secret rotates; any v1 match is enough, other versions are skipped.
  const matched = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const candidate = base64ToBytes(value);
    return candidate !== undefined && constantTimeEqual(candidate, expected);
  });
  if (!matched) fail('invalid_signature', 'No webhook-signature matches this body and secret.');

  try {
    return JSON.parse(rawBody) as T;
  } catch {
    return fail('invalid_payload', 'The webhook body is not JSON.');
  }
}

/** `vox.webhooks`: the same check as the standalone `verifyWebhook`. */
export class Webhooks {
  verify<T = unknown>(rawBody: string, headers: WebhookHeaders, secret: string, options?: VerifyWebhookOptions): Promise<T> {
    return verifyWebhook<T>(rawBody, headers, secret, options);
  }
}
