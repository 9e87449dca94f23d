/** Checks every voice connector applies to an AssistantSpec before it talks to its vendor. */
import { ConnectorError } from './errors.ts';
import type { AssistantSpec } from './voice.ts';

/** See AssistantSpec.serverSecret: a mismatch would deploy an assistant whose messages we reject. */
export function assertServerSecret(connector: string, spec: AssistantSpec, webhookSecret: string): void {
  if (spec.serverSecret !== undefined && spec.serverSecret !== webhookSecret) {
    throw new ConnectorError({
      connector,
      code: 'invalid_request',
      message: `${connector}: spec.serverSecret differs from the connector's webhook secret; messages would fail verification`,
    });
  }
}

const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(s: string): boolean {
  return E164.test(s);
}

export function assertE164(connector: string, field: string, value: string): void {
  if (!isE164(value)) {
    throw new ConnectorError({ connector, code: 'invalid_request', message: `${connector}: ${field} must be E.164, got "${value}"` });
  }
}
