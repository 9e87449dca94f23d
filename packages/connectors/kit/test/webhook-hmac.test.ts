import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeWebhookSignature, signWebhook, verifyWebhookSignature } from '../src/index.ts';

const secret = 'whsec-test-1';
const rawBody = '{"message":{"type":"hang"}}';
const now = 1_741_082_400_000; // fixed clock, ms

describe('HMAC webhook scheme', () => {
  it('is HMAC-SHA256 over "timestamp.body", hex', () => {
    const expected = createHmac('sha256', secret).update(`1741082400.${rawBody}`).digest('hex');
    expect(computeWebhookSignature(secret, '1741082400', rawBody)).toBe(expected);
    expect(signWebhook({ secret, rawBody, timestamp: 1741082400 })).toEqual({
      'x-vapi-signature': expected,
      'x-vapi-timestamp': '1741082400',
    });
  });

  it('accepts second and millisecond timestamps within tolerance', () => {
    const s = signWebhook({ secret, rawBody, timestamp: now / 1000 - 299 });
    expect(verifyWebhookSignature({ secret, rawBody, headers: s, now })).toEqual({ ok: true });
    const ms = signWebhook({ secret, rawBody, timestamp: now - 1000 });
    expect(ms['x-vapi-timestamp']).toBe(String(now - 1000));
    expect(verifyWebhookSignature({ secret, rawBody, headers: ms, now })).toEqual({ ok: true });
  });

  it('gives the reason for each rejection', () => {
    const good = signWebhook({ secret, rawBody, timestamp: now / 1000 });
    const check = (headers: Record<string, string | string[] | undefined>, body = rawBody) =>
      verifyWebhookSignature({ secret, rawBody: body, headers, now });
    expect(check({ 'x-vapi-timestamp': good['x-vapi-timestamp'] })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(check({ 'x-vapi-signature': good['x-vapi-signature'] })).toEqual({ ok: false, reason: 'missing_timestamp' });
    expect(check({ ...good, 'x-vapi-timestamp': 'yesterday' })).toEqual({ ok: false, reason: 'bad_timestamp' });
    expect(check(signWebhook({ secret, rawBody, timestamp: now / 1000 - 301 }))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(signWebhook({ secret, rawBody, timestamp: now / 1000 + 301 }))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(good, rawBody + ' ')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ ...good, 'x-vapi-signature': 'abc' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ ...good, 'x-vapi-signature': 'z'.repeat(64) })).toEqual({ ok: false, reason: 'bad_signature' });
    // The signature covers the timestamp: moving it invalidates the MAC.
    expect(check({ ...good, 'x-vapi-timestamp': String(now / 1000 - 1) })).toEqual({ ok: false, reason: 'bad_signature' });
    // A repeated header is ambiguous and treated as absent.
    expect(check({ ...good, 'x-vapi-signature': [good['x-vapi-signature']!, 'x'] })).toEqual({ ok: false, reason: 'missing_signature' });
  });
});
