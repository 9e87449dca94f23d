import type { IntegrationCredentials, IntegrationProvider } from '../api.ts';

export interface CredentialField {
  key: keyof IntegrationCredentials;
  label: string;
  hint?: string;
  required: boolean;
  secret: boolean;
  minLength?: number;
  pattern?: string;
}

export interface ProviderSpec {
  provider: IntegrationProvider;
  title: string;
  description: string;
  fields: CredentialField[];
  /** Whether POST /v1/integrations/{provider}/test can check the credentials (every provider now). */
  testable: boolean;
}

/** The fields each provider takes, as openapi.yaml's putIntegration describes them. */
export const PROVIDERS: ProviderSpec[] = [
  {
    provider: 'vapi',
    title: 'Vapi',
    description: 'Runs your published agents on real phone calls, under your own Vapi account.',
    testable: true,
    fields: [
      { key: 'api_key', label: 'Private API key', required: true, secret: true, minLength: 8 },
      {
        key: 'webhook_secret',
        label: 'Webhook secret (optional)',
        hint: 'The HMAC secret Vapi signs calls’ messages with, 16+ characters. Without it your organization gets a secret of its own, shown once after saving.',
        required: false,
        secret: true,
        minLength: 16,
      },
      {
        key: 'server_credential_id',
        label: 'Server credential ID (optional)',
        hint: 'An existing Vapi webhook credential to use. Without it one is created in your Vapi account when you save.',
        required: false,
        secret: false,
      },
    ],
  },
  {
    provider: 'elevenlabs',
    title: 'ElevenLabs',
    description: 'Natural voices for your agents, and their previews.',
    testable: true,
    fields: [{ key: 'api_key', label: 'API key', required: true, secret: true, minLength: 8 }],
  },
  {
    provider: 'openai',
    title: 'OpenAI',
    description: 'OpenAI text-to-speech voices for your agents.',
    testable: true,
    fields: [{ key: 'api_key', label: 'API key', required: true, secret: true, minLength: 8 }],
  },
  {
    provider: 'twilio',
    title: 'Twilio',
    description: 'Import the phone numbers your clinic already has at Twilio, and text patients from them.',
    testable: true,
    fields: [
      { key: 'account_sid', label: 'Account SID', hint: 'Starts with AC, 34 characters.', required: true, secret: false, pattern: '^AC[0-9a-fA-F]{32}$' },
      { key: 'auth_token', label: 'Auth token', required: true, secret: true, minLength: 8 },
    ],
  },
];
