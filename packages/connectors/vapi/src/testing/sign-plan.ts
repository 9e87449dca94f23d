/**
 * Signs a request the way Vapi applies an HmacAuthenticationPlan, following the plan's documented
 * semantics field by field. Deliberately independent of the kit's verifier: if the plan we ask
 * Vapi to use and the verifier ever disagree, the fake's messages fail verification in tests.
 */
import { createHmac } from 'node:crypto';
import type { Vapi } from '@vapi-ai/server-sdk';

export interface SignInput {
  body: string;
  /** As it will appear in the timestamp header. */
  timestamp: string;
  method?: string;
  url?: string;
  messageId?: string;
}

export function signWithHmacPlan(plan: Vapi.HmacAuthenticationPlan, input: SignInput): Record<string, string> {
  const includeTimestamp = plan.includeTimestamp ?? true;
  const format = plan.payloadFormat ?? (includeTimestamp ? '{timestamp}.{body}' : '{body}');
  const values: Record<string, string> = {
    body: input.body,
    timestamp: input.timestamp,
    method: input.method ?? 'POST',
    url: input.url ?? '',
    'svix-id': input.messageId ?? '',
  };
  // One pass, so a body that happens to contain "{timestamp}" is not substituted again.
  const payload = format.replace(/\{(body|timestamp|method|url|svix-id)\}/g, (_, k: string) => values[k] ?? '');
  const key = plan.secretIsBase64 ? Buffer.from(plan.secretKey, 'base64') : plan.secretKey;
  const digest = createHmac(plan.algorithm, key)
    .update(payload, 'utf8')
    .digest(plan.signatureEncoding === 'base64' ? 'base64' : 'hex');

  const headers: Record<string, string> = {
    [(plan.signatureHeader ?? 'x-signature').toLowerCase()]: `${plan.signaturePrefix ?? ''}${digest}`,
  };
  if (includeTimestamp) headers[(plan.timestampHeader ?? 'x-timestamp').toLowerCase()] = input.timestamp;
  if (plan.messageIdHeader && input.messageId) headers[plan.messageIdHeader.toLowerCase()] = input.messageId;
  return headers;
}
