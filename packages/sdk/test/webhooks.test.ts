import { describe, expect, it } from 'vitest';
import { Voxanne, VoxanneError, WebhookVerificationError, verifyWebhook } from '../src/index.ts';
import { newWebhookSecret, signWebhook, signedDelivery } from './support/webhook-signer.ts';

// The test vector published with the Standard Webhooks reference libraries.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const vectorHeaders = (signature = VECTOR.signature) => ({ 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': signature });
const atVectorTime = { now: new Date(VECTOR.timestamp * 1000) };

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WebhookVerificationError);
  expect(err).toBeInstanceOf(VoxanneError);
  return err as WebhookVerificationError;
}

describe('verifyWebhook', () => {
  it('accepts the published Standard Webhooks vector (and the test signer reproduces it)', async () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    await expect(verifyWebhook(VECTOR.body, vectorHeaders(), VECTOR.secret, atVectorTime)).resolves.toEqual({ test: 2432232314 });
  });

  it('returns the parsed payload of a fresh delivery, from plain-object or Headers headers', async () => {
    const secret = newWebhookSecret();
    const event = { type: 'call.ended', data: { id: 'call_01J00000000000000000000000' } };
    const { body, headers } = signedDelivery(secret, event);
    await expect(verifyWebhook(body, headers, secret)).resolves.toEqual(event);
    await expect(new Voxanne({ baseUrl: 'http://localhost' }).webhooks.verify(body, new Headers(headers), secret)).resolves.toEqual(event);
  });

  it('matches header names case-insensitively and accepts svix-* names', async () => {
    const secret = newWebhookSecret();
    const { body, headers } = signedDelivery(secret, { ok: true });
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    const svix = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.replace('webhook-', 'svix-'), v]));
    await expect(verifyWebhook(body, upper, secret)).resolves.toEqual({ ok: true });
    await expect(verifyWebhook(body, svix, secret)).resolves.toEqual({ ok: true });
  });

  it('accepts any one valid v1 signature among several (secret rotation) and skips other versions', async () => {
    const sig = VECTOR.signature.slice(3);
    await expect(verifyWebhook(VECTOR.body, vectorHeaders(`v1,bm9wZQ== v2,${sig} v1,${sig}`), VECTOR.secret, atVectorTime)).resolves.toBeTruthy();
    expect((await rejection(verifyWebhook(VECTOR.body, vectorHeaders(`v1a,${sig} v2,${sig}`), VECTOR.secret, atVectorTime))).code).toBe('invalid_signature');
  });

  it('works with a secret given without its whsec_ prefix', async () => {
    await expect(verifyWebhook(VECTOR.body, vectorHeaders(), VECTOR.secret.slice(6), atVectorTime)).resolves.toBeTruthy();
  });

  it('rejects a changed body, a wrong secret and a forged signature', async () => {
    expect((await rejection(verifyWebhook('{"test": 2432232315}', vectorHeaders(), VECTOR.secret, atVectorTime))).code).toBe('invalid_signature');
    expect((await rejection(verifyWebhook(VECTOR.body, vectorHeaders(), newWebhookSecret(), atVectorTime))).code).toBe('invalid_signature');
    expect((await rejection(verifyWebhook(VECTOR.body, vectorHeaders('v1,not base64!'), VECTOR.secret, atVectorTime))).code).toBe('invalid_signature');
    // The signature covers the id: moving a signature to another delivery id fails.
    const moved = { ...vectorHeaders(), 'webhook-id': 'msg_other' };
    expect((await rejection(verifyWebhook(VECTOR.body, moved, VECTOR.secret, atVectorTime))).code).toBe('invalid_signature');
  });

  it('rejects timestamps more than five minutes away, either way', async () => {
    const secret = newWebhookSecret();
    const now = Math.floor(Date.now() / 1000);
    for (const ts of [now - 301, now + 301]) {
      const { body, headers } = signedDelivery(secret, { ok: true }, ts);
      expect((await rejection(verifyWebhook(body, headers, secret))).code).toBe('timestamp_out_of_tolerance');
    }
    const edge = signedDelivery(secret, { ok: true }, now - 290);
    await expect(verifyWebhook(edge.body, edge.headers, secret)).resolves.toEqual({ ok: true });
    const old = signedDelivery(secret, { ok: true }, now - 3600);
    await expect(verifyWebhook(old.body, old.headers, secret, { toleranceSeconds: 7200 })).resolves.toEqual({ ok: true });
  });

  it('rejects missing headers, a non-numeric timestamp, a bad secret and a non-JSON body', async () => {
    const { 'webhook-signature': _dropped, ...unsigned } = vectorHeaders();
    expect((await rejection(verifyWebhook(VECTOR.body, unsigned, VECTOR.secret, atVectorTime))).code).toBe('missing_headers');
    expect((await rejection(verifyWebhook(VECTOR.body, { ...vectorHeaders(), 'webhook-timestamp': '1614265330.5' }, VECTOR.secret, atVectorTime))).code).toBe('invalid_timestamp');
    expect((await rejection(verifyWebhook(VECTOR.body, vectorHeaders(), 'whsec_', atVectorTime))).code).toBe('invalid_secret');
    const secret = newWebhookSecret();
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, 'msg_1', ts, 'not json') };
    expect((await rejection(verifyWebhook('not json', headers, secret))).code).toBe('invalid_payload');
    expect((await rejection(verifyWebhook({ test: 1 } as unknown as string, vectorHeaders(), VECTOR.secret, atVectorTime))).code).toBe('invalid_payload');
  });
});
