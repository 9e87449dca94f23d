/**
 * Connector id -> factory. The only core file that imports connector packages (vendor SDKs stay inside
 * them). Each factory receives the org's decrypted credentials and the platform's base URLs.
 */
import type { LlmConnector, SmsConnector, TtsConnector, VoiceConnector } from '@voxanne/connector-kit';
import { createVapiVoice } from '@voxanne/connector-vapi';
import { createTwilioSms } from '@voxanne/connector-twilio';
import { createHeuristicAnalyzer, createLocalTts, createSimulatorVoice, type SimulatorStore } from '@voxanne/connector-local';
import { createElevenLabsTts } from '@voxanne/connector-elevenlabs';
import { createOpenAiAnalyzer, createOpenAiTts } from '@voxanne/connector-openai';
import type { ConnectorConfig } from '../config.ts';
import type { IntegrationProvider, LlmConnectorId, StoredIntegration, TtsConnectorId, VoiceConnectorId } from './types.ts';

export interface FactoryContext {
  config: ConnectorConfig;
  /** The org's integration for the factory's provider; the registry guarantees it when `provider` is set. */
  integration: StoredIntegration | null;
  /** The org's webhook secret: its own, or the one derived for it from the platform's (see webhook-secret.ts). */
  webhookSecret: string;
  /** The org's simulated vendor account. */
  simulatorStore(): SimulatorStore;
}

interface Factory<T> {
  /** The integration the connector needs, or null when it runs without credentials. */
  provider: IntegrationProvider | null;
  create(ctx: FactoryContext): T;
}

const secret = (ctx: FactoryContext) => ctx.integration?.secrets.api_key ?? '';

export const VOICE_FACTORIES: Record<VoiceConnectorId, Factory<VoiceConnector>> = {
  vapi: {
    provider: 'vapi',
    create: (ctx) =>
      createVapiVoice({
        apiKey: secret(ctx),
        webhookSecret: ctx.webhookSecret,
        baseUrl: ctx.config.vapiBaseUrl,
        timeoutMs: ctx.config.timeoutMs,
        ...(ctx.integration?.settings.server_credential_id ? { serverCredentialId: ctx.integration.settings.server_credential_id } : {}),
      }),
  },
  simulator: {
    provider: null,
    create: (ctx) => createSimulatorVoice({ webhookSecret: ctx.webhookSecret, store: ctx.simulatorStore() }),
  },
};

/** Twilio on the org's own account (SMS never falls back to a platform account). */
export function twilioSms(config: ConnectorConfig, integration: StoredIntegration): SmsConnector {
  return createTwilioSms({
    accountSid: integration.secrets.account_sid ?? '',
    authToken: integration.secrets.auth_token ?? '',
    baseUrl: config.twilioBaseUrl,
    timeoutMs: config.timeoutMs,
  });
}

export const TTS_FACTORIES: Record<TtsConnectorId, Factory<TtsConnector>> = {
  elevenlabs: {
    provider: 'elevenlabs',
    create: (ctx) => createElevenLabsTts({ apiKey: secret(ctx), baseUrl: ctx.config.elevenLabsBaseUrl, timeoutMs: ctx.config.timeoutMs }),
  },
  openai: {
    provider: 'openai',
    create: (ctx) => createOpenAiTts({ apiKey: secret(ctx), baseUrl: ctx.config.openAiBaseUrl, timeoutMs: ctx.config.timeoutMs }),
  },
  'local-tts': {
    provider: null,
    create: () => createLocalTts(),
  },
};

export const LLM_FACTORIES: Record<LlmConnectorId, Factory<LlmConnector>> = {
  openai: {
    provider: 'openai',
    create: (ctx) => createOpenAiAnalyzer({ apiKey: secret(ctx), baseUrl: ctx.config.openAiBaseUrl, timeoutMs: 60_000 }),
  },
  heuristic: {
    provider: null,
    create: () => createHeuristicAnalyzer(),
  },
};
