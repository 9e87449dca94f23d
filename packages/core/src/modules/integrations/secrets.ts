/**
 * What an integration stores and how: which fields each provider takes, which of them are secret, and the
 * AAD that binds the ciphertext to its org and provider (so a ciphertext copied to another org's row, or
 * to another provider, fails to decrypt).
 */
import type { Keyring } from '../../platform/crypto/index.ts';
import { badRequest } from '../../platform/errors.ts';
import type { IntegrationProvider, IntegrationSecrets, IntegrationSettings } from '../../connectors/types.ts';

export interface IntegrationInput {
  api_key?: string;
  webhook_secret?: string;
  server_credential_id?: string;
  account_sid?: string;
  auth_token?: string;
}

type Field = keyof IntegrationInput;

const FIELDS: Record<IntegrationProvider, { required: Field[]; optional: Field[] }> = {
  vapi: { required: ['api_key'], optional: ['webhook_secret', 'server_credential_id'] },
  elevenlabs: { required: ['api_key'], optional: [] },
  openai: { required: ['api_key'], optional: [] },
  twilio: { required: ['account_sid', 'auth_token'], optional: [] },
};

/** Must stay identical to what ENCRYPTED_COLUMNS uses, or key rotation cannot re-encrypt these rows. */
export const integrationAad = (orgId: string, provider: string) => `${orgId}:integration:${provider}`;

/** Refuses missing and foreign fields for the provider with the same problem shape as the validator. */
export function validateInput(provider: IntegrationProvider, input: IntegrationInput): void {
  const { required, optional } = FIELDS[provider];
  const errors: { path: string; message: string }[] = [];
  for (const f of required) if (!input[f]) errors.push({ path: `/body/${f}`, message: `is required for ${provider}` });
  for (const f of Object.keys(input) as Field[]) {
    if (!required.includes(f) && !optional.includes(f)) errors.push({ path: `/body/${f}`, message: `is not used by ${provider}` });
  }
  if (errors.length) throw badRequest('validation_failed', `Invalid credentials for ${provider}.`, { errors });
}

export function splitInput(input: IntegrationInput): { secrets: IntegrationSecrets; settings: IntegrationSettings; last4: string } {
  const { server_credential_id, ...secrets } = input;
  const primary = secrets.api_key ?? secrets.auth_token ?? '';
  const settings: IntegrationSettings = {
    ...(server_credential_id ? { server_credential_id } : {}),
    ...(secrets.webhook_secret ? { has_webhook_secret: true } : {}),
  };
  return { secrets, settings, last4: primary.slice(-4) };
}

export function encryptSecrets(keyring: Keyring, orgId: string, provider: string, secrets: IntegrationSecrets): string {
  return keyring.encrypt(JSON.stringify(secrets), integrationAad(orgId, provider));
}

export function decryptSecrets(keyring: Keyring, orgId: string, provider: string, ciphertext: string): IntegrationSecrets {
  return JSON.parse(keyring.decrypt(ciphertext, integrationAad(orgId, provider))) as IntegrationSecrets;
}
