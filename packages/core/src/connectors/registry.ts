/**
 * Which connector an org uses, built from that org's own credentials, wrapped in that org's resilience.
 *
 * Resolution rules:
 * - voice: a request made with a `vox_test_` key always gets the simulator; otherwise an org with a Vapi
 *   integration gets Vapi, and any other org the platform default (DEFAULT_VOICE_CONNECTOR: `simulator`,
 *   or `vapi`, which then demands the org's own key: there is no shared platform Vapi key to fall back on);
 * - TTS: the agent's voice provider decides: `local` needs nothing, `elevenlabs` / `openai` need the org's
 *   integration.
 * A connector that needs credentials the org has not stored answers `422 integration_missing`.
 */
import { withResilience, type ConnectionCheck, type LlmConnector, type TtsConnector, type VoiceConnector } from '@voxanne/connector-kit';
import { createSimulatorStore, type SimulatorStore } from '@voxanne/connector-local';
import type { Logger } from 'pino';
import type { ConnectorConfig } from '../config.ts';
import { ApiError, notFound } from '../platform/errors.ts';
import { createBreakers, type Breakers } from './breakers.ts';
import { checkConnection } from './connection-check.ts';
import { LLM_FACTORIES, TTS_FACTORIES, VOICE_FACTORIES, type FactoryContext } from './factories.ts';
import { asProblem } from './problems.ts';
import { orgWebhookSecret, platformWebhookSecret } from './webhook-secret.ts';
import { createSimulation, type Simulation } from './simulation.ts';
import type {
  ConnectorId,
  IntegrationProvider,
  LoadIntegration,
  StoredIntegration,
  TtsConnectorId,
  VoiceConnectorId,
  VoiceProvider,
} from './types.ts';

export interface ConnectorRegistry {
  /** The voice connector this org's request would use now. Throws `integration_missing`. */
  voiceConnectorFor(orgId: string, opts: { testMode: boolean }): Promise<VoiceConnectorId>;
  /** A resilient voice connector on the org's credentials. Throws `integration_missing`. */
  voice(orgId: string, id: VoiceConnectorId): Promise<VoiceConnector>;
  ttsConnectorFor(provider: VoiceProvider): TtsConnectorId;
  /** A resilient TTS connector on the org's credentials. Throws `integration_missing`. */
  tts(orgId: string, id: TtsConnectorId): Promise<TtsConnector>;
  /** The org's call analyzer: OpenAI when it stored an OpenAI key, else the local heuristic one. */
  llm(orgId: string): Promise<LlmConnector>;
  /** The org's simulated vendor account, for test calls and simulated outbound calls. */
  simulation(orgId: string): Promise<Simulation>;
  /**
   * A real call to the vendor with the org's stored credentials. `{ ok: false }` when the vendor refused
   * them; throws a (retryable) ConnectorError when the vendor could not be reached.
   */
  testIntegration(orgId: string, provider: IntegrationProvider): Promise<ConnectionCheck>;
  /**
   * The secret that signs this org's voice server messages, whichever voice connector sends them; the
   * webhook route verifies with it. Its own stored secret, else one derived for the org from the platform's.
   */
  webhookSecret(orgId: string): Promise<string>;
  /** ConnectorError -> problem (502/503/422); anything else is returned unchanged. */
  problem(err: unknown): unknown;
  readonly breakers: Breakers;
}

export interface RegistryOptions {
  config: ConnectorConfig;
  dataDir: string;
  logger: Logger;
  loadIntegration: LoadIntegration;
}

export function integrationMissing(provider: IntegrationProvider): ApiError {
  return new ApiError(
    422,
    'integration_missing',
    `This org has no ${provider} integration. Store its credentials with PUT /v1/integrations/${provider}.`,
    { provider },
  );
}

const TTS_BY_VOICE: Record<VoiceProvider, TtsConnectorId> = { local: 'local-tts', elevenlabs: 'elevenlabs', openai: 'openai' };

export function createConnectorRegistry(opts: RegistryOptions): ConnectorRegistry {
  const { config, logger } = opts;
  const breakers = createBreakers(config, logger);
  let platformSecret: string | undefined;
  // One simulated vendor account per org, as if each clinic had its own Vapi account. In-memory per
  // process: the simulator is for development and tests, where one process serves and works.
  const simulatorStores = new Map<string, SimulatorStore>();
  const retryAfterSeconds = Math.ceil(config.breakerHalfOpenMs / 1000);

  // The org's own secret when it stored one, else one derived for this org alone (never the shared platform
  // secret: see orgWebhookSecret). Signing (connectors) and verifying (the webhook route) both come here.
  const secretFor = (orgId: string, integration: StoredIntegration | null) =>
    integration?.secrets.webhook_secret ??
    orgWebhookSecret((platformSecret ??= platformWebhookSecret(config.voiceWebhookSecret, opts.dataDir, logger)), orgId);

  async function context(orgId: string, provider: IntegrationProvider | null, voice: boolean): Promise<FactoryContext> {
    const integration = provider ? await opts.loadIntegration(orgId, provider) : null;
    if (provider && !integration) throw integrationMissing(provider);
    // One webhook secret per org whichever voice connector signs (Vapi or the simulator for test keys), so
    // the webhook route verifies every message of the org with the same secret. TTS connectors sign nothing.
    const vapi = provider === 'vapi' ? integration : voice ? await opts.loadIntegration(orgId, 'vapi') : null;
    return {
      config,
      integration,
      webhookSecret: secretFor(orgId, vapi),
      simulatorStore: () => {
        let store = simulatorStores.get(orgId);
        if (!store) simulatorStores.set(orgId, (store = createSimulatorStore()));
        return store;
      },
    };
  }

  const resilient = <T extends object>(orgId: string, id: ConnectorId, raw: T, methods: readonly (keyof T)[]) =>
    withResilience(raw, breakers.for(orgId, id), methods as never);

  return {
    breakers,

    async voiceConnectorFor(orgId, { testMode }) {
      if (testMode) return 'simulator';
      if (await opts.loadIntegration(orgId, 'vapi')) return 'vapi';
      if (config.defaultVoice === 'vapi') throw integrationMissing('vapi');
      return 'simulator';
    },

    async voice(orgId, id) {
      const factory = VOICE_FACTORIES[id];
      const raw = factory.create(await context(orgId, factory.provider, true));
      return resilient(orgId, id, raw, [
        'upsertAssistant',
        'deleteAssistant',
        'importPhoneNumber',
        'createProviderNumber',
        'assignPhoneNumber',
        'releasePhoneNumber',
        'startCall',
      ]);
    },

    ttsConnectorFor: (provider) => TTS_BY_VOICE[provider],

    async tts(orgId, id) {
      const factory = TTS_FACTORIES[id];
      const raw = factory.create(await context(orgId, factory.provider, false));
      return resilient(orgId, id, raw, ['listVoices', 'synthesize']);
    },

    async llm(orgId) {
      const id = (await opts.loadIntegration(orgId, 'openai')) ? 'openai' : 'heuristic';
      const factory = LLM_FACTORIES[id];
      return resilient(orgId, id, factory.create(await context(orgId, factory.provider, false)), ['analyzeCall']);
    },

    async simulation(orgId) {
      // The same secret and simulated account the org's simulator connector uses, so its messages verify.
      const ctx = await context(orgId, null, true);
      return createSimulation(ctx.simulatorStore(), ctx.webhookSecret);
    },

    async testIntegration(orgId, provider) {
      if (provider === 'twilio') {
        throw new ApiError(422, 'connection_test_unsupported', 'There is no Twilio connector to test with yet; Twilio credentials are checked when a number is imported.');
      }
      const integration = await opts.loadIntegration(orgId, provider);
      if (!integration) throw notFound('Integration');
      const ctx: FactoryContext = { ...(await context(orgId, null, false)), integration, webhookSecret: secretFor(orgId, provider === 'vapi' ? integration : null) };
      const connector = provider === 'vapi' ? VOICE_FACTORIES.vapi.create(ctx) : TTS_FACTORIES[provider].create(ctx);
      return checkConnection(provider, breakers.for(orgId, provider), connector);
    },

    async webhookSecret(orgId) {
      return secretFor(orgId, await opts.loadIntegration(orgId, 'vapi'));
    },

    problem: (err) => asProblem(err, retryAfterSeconds),
  };
}
