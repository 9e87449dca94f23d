/**
 * The Vapi side of our webhook signature scheme. Vapi signs server messages only when the
 * server config references a "webhook" credential (server.credentialId); this is the exact HMAC
 * plan that credential must hold for verifyWebhook (kit: webhook-hmac.ts) to accept its messages.
 * The connector's ensureServerCredential creates or updates it (POST/PATCH /credential with
 * vapiWebhookCredential()); pass its id as `serverCredentialId`.
 */
import type { Vapi } from '@vapi-ai/server-sdk';
import { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '@voxanne/connector-kit';

export function vapiHmacAuthenticationPlan(secret: string): Vapi.CreateWebhookCredentialDtoAuthenticationPlan.Hmac {
  return {
    type: 'hmac',
    secretKey: secret,
    algorithm: 'sha256',
    signatureHeader: WEBHOOK_SIGNATURE_HEADER,
    timestampHeader: WEBHOOK_TIMESTAMP_HEADER,
    includeTimestamp: true,
    payloadFormat: '{timestamp}.{body}',
    signatureEncoding: 'hex',
    secretIsBase64: false,
  };
}

/** Body for `POST /credential` (the SDK has no credentials client yet). Vapi caps `name` at 40 characters. */
export function vapiWebhookCredential(secret: string, name = 'Voxanne webhook HMAC'): Vapi.CreateWebhookCredentialDto & { provider: 'webhook' } {
  return { provider: 'webhook', name, authenticationPlan: vapiHmacAuthenticationPlan(secret) };
}
