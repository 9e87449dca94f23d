/**
 * The HMAC webhook scheme shared by every voice connector, so core's webhook route verifies the
 * simulator and Vapi the same way.
 *
 *   signature = hex( HMAC-SHA256( secret, `${timestamp}.${rawBody}` ) )
 *   headers:   x-vapi-signature: <signature>
 *              x-vapi-timestamp: <unix time, seconds or milliseconds>
 *
 * It is exactly what Vapi's HMAC credential (HmacAuthenticationPlan) produces when configured with
 * algorithm sha256, hex encoding, payloadFormat "{timestamp}.{body}" and those two header names, so
 * the header names carry Vapi's prefix even for the simulator. Vapi does not document the
 * timestamp unit, so both are accepted. The timestamp is inside the MAC, which makes a captured
 * request useless after the tolerance window (replay protection).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookHeaders } from './voice.ts';

export const WEBHOOK_SIGNATURE_HEADER = 'x-vapi-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-vapi-timestamp';
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function computeWebhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

/** Signs a body the way our voice vendors do. `timestamp` defaults to now, in seconds. */
export function signWebhook(opts: { secret: string; rawBody: string; timestamp?: number }): Record<string, string> {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    [WEBHOOK_SIGNATURE_HEADER]: computeWebhookSignature(opts.secret, timestamp, opts.rawBody),
    [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
  };
}

export type WebhookVerification =
  | { ok: true }
  | { ok: false; reason: 'missing_signature' | 'missing_timestamp' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' };

/** Case-insensitive header lookup; repeated headers count as absent (ambiguous). */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted) continue;
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.length === 1) return v[0];
    return undefined;
  }
  return undefined;
}

/** Unix seconds from a header that may hold seconds or milliseconds. */
function parseTimestampSeconds(raw: string): number | undefined {
  if (!/^\d{1,16}$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  // Anything above 1e11 cannot be seconds before the year 5138; treat it as milliseconds.
  return n > 1e11 ? n / 1000 : n;
}

export function verifyWebhookSignature(opts: {
  secret: string;
  rawBody: string;
  headers: WebhookHeaders;
  toleranceSeconds?: number;
  /** Injectable clock for tests, in milliseconds. */
  now?: number;
}): WebhookVerification {
  const signature = headerValue(opts.headers, WEBHOOK_SIGNATURE_HEADER)?.trim();
  if (!signature) return { ok: false, reason: 'missing_signature' };
  const timestamp = headerValue(opts.headers, WEBHOOK_TIMESTAMP_HEADER)?.trim();
  if (!timestamp) return { ok: false, reason: 'missing_timestamp' };
  const seconds = parseTimestampSeconds(timestamp);
  if (seconds === undefined) return { ok: false, reason: 'bad_timestamp' };
  const tolerance = opts.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  const nowSeconds = (opts.now ?? Date.now()) / 1000;
  // Both directions: a timestamp far in the future is as suspicious as an old one.
  if (Math.abs(nowSeconds - seconds) > tolerance) return { ok: false, reason: 'stale_timestamp' };

  const expected = Buffer.from(computeWebhookSignature(opts.secret, timestamp, opts.rawBody), 'hex');
  if (!/^[0-9a-fA-F]+$/.test(signature) || signature.length !== expected.length * 2) {
    return { ok: false, reason: 'bad_signature' };
  }
  // Constant-time compare so response timing leaks nothing about the expected MAC.
  const given = Buffer.from(signature, 'hex');
  return timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}
