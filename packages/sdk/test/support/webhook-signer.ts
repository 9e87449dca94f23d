import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signs like a Standard Webhooks sender, with node:crypto rather than the SDK's WebCrypto code, so the
 * verifier is checked against an independent implementation (and that one against the published vector).
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export function signedDelivery(secret: string, payload: unknown, timestamp = Math.floor(Date.now() / 1000)) {
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, id, timestamp, body),
    },
  };
}
