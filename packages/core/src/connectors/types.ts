/**
 * The vocabulary shared by the registry and the modules that use it. Modules import these types and
 * the kit's interfaces, never a connector package.
 */
export type VoiceConnectorId = 'vapi' | 'simulator';
export type TtsConnectorId = 'elevenlabs' | 'openai' | 'local-tts';
export type SmsConnectorId = 'twilio' | 'local-sms';
export type CalendarConnectorId = 'google-calendar';
/** Post-call analysis: OpenAI with the org's key, else the local heuristic analyzer. */
export type LlmConnectorId = 'openai' | 'heuristic';
export type ConnectorId = VoiceConnectorId | TtsConnectorId | SmsConnectorId | CalendarConnectorId | LlmConnectorId;

/** Vendors an org can store credentials for. Twilio sends the org's SMS; Vapi imports its numbers with the same account. */
export type IntegrationProvider = 'vapi' | 'elevenlabs' | 'openai' | 'twilio';

/** The `voice.provider` of an agent: who renders its speech. */
export type VoiceProvider = 'local' | 'elevenlabs' | 'openai';

/** Decrypted secrets of one integration. Only the fields of its provider are set. */
export interface IntegrationSecrets {
  api_key?: string;
  webhook_secret?: string;
  account_sid?: string;
  auth_token?: string;
}

/** Non-secret settings stored beside the secrets. */
export interface IntegrationSettings {
  server_credential_id?: string;
  /** Lets the API say a webhook secret is stored without decrypting it. */
  has_webhook_secret?: boolean;
}

export interface StoredIntegration {
  secrets: IntegrationSecrets;
  settings: IntegrationSettings;
}

/** How the registry reads an org's credentials; the integrations module provides it (the registry owns no table). */
export type LoadIntegration = (orgId: string, provider: IntegrationProvider) => Promise<StoredIntegration | null>;
