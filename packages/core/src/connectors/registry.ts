/**
 * Which connector an org uses, built from that org's own credentials, wrapped in that org's resilience.
 *
 * Resolution rules:
 * - voice: a test-mode request (`livemode: false`) always gets the simulator; a live one gets Vapi when the
 *   org has a Vapi integration, else the platform default (DEFAULT_VOICE_CONNECTOR: `simulator` outside
 *   production, or `vapi`, always in production: there is no shared platform Vapi key to fall back on, so
 *   the request answers `409 voice_not_configured`);
 * - TTS: the agent's voice provider decides: `local` needs nothing, `elevenlabs` / `openai` need the org's
 *   integration; in test mode it is always the local voice;
 * - LLM (call analysis): OpenAI with the org's key for live calls, the local heuristic analyzer otherwise.
 * A connector that needs credentials the org has not stored answers `422 integration_missing`.
 *
 * Test mode never reaches a real vendor (decision 0012). The choices above take `livemode` from the caller,
 * and as a last line every real vendor's connector is refused (`403 livemode_required`) to work that runs
 * in test mode (platform/db/livemode.ts), whichever module asked for it.
 */
import { withResilience, type ConnectionCheck, type EmailConnector, type LlmConnector, type TtsConnector, type VoiceConnector } from '@voxanne/connector-kit';
import { createLocalEmail, createSimulatorStore, type EmailOutboxStore, type SimulatorStore } from '@voxanne/connector-local';
import type { Logger } from 'pino';
import type { ConnectorConfig } from '../config.ts';
import { ApiError, notFound } from '../platform/errors.ts';
import { currentLivemode } from '../platform/db/livemode.ts';
import { createBreakers, type Breakers } from './breakers.ts';
import { checkConnection } from './connection-check.ts';
import { LLM_FACTORIES, TTS_FACTORIES, VOICE_FACTORIES, twilioSms, type FactoryContext } from './factories.ts';
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
  /** The voice connector this org's request would use now. Throws `409 voice_not_configured`. */
  voiceConnectorFor(orgId: string, opts: { livemode: boolean }): Promise<VoiceConnectorId>;
  /** A resilient voice connector on the org's credentials. Throws `integration_missing`. */
  voice(orgId: string, id: VoiceConnectorId): Promise<VoiceConnector>;
  /** The local voice in test mode, else the agent's voice provider's connector. */
  ttsConnectorFor(provider: VoiceProvider, opts: { livemode: boolean }): TtsConnectorId;
  /** A resilient TTS connector on the org's credentials. Throws `integration_missing`. */
  tts(orgId: string, id: TtsConnectorId): Promise<TtsConnector>;
  /** The analyzer of a call: OpenAI for a live call when the org stored an OpenAI key, else the local heuristic one. */
  llm(orgId: string, opts: { livemode: boolean }): Promise<LlmConnector>;
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
  /**
   * Creates (or updates) the org's Vapi webhook credential with the Vapi key and secret in `integration`
   * (its own secret, else the one derived for the org): Vapi signs server messages only through it. Returns
   * its id and the secret it holds. Throws ConnectorErrors (a refused key, an outage).
   */
  ensureWebhookCredential(orgId: string, integration: StoredIntegration, opts: { credentialId: string | null; createIfMissing: boolean }): Promise<{ credentialId: string; webhookSecret: string }>;
  /** The platform's account-email connector (EMAIL_CONNECTOR; only the local outbox until SMTP, issue #15). */
  email(): EmailConnector;
  /** ConnectorError -> problem (502/503/422); anything else is returned unchanged. */
  problem(err: unknown): unknown;
  readonly breakers: Breakers;
}

export interface RegistryOptions {
  config: ConnectorConfig;
  dataDir: string;
  logger: Logger;
  loadIntegration: LoadIntegration;
  /** Where the local email connector keeps its mail (core's local_emails table); the connector never reads the database. */
  emailOutbox: EmailOutboxStore;
}

/** A live call needs a voice vendor; the simulator is only for test mode and development. */
export function voiceNotConfigured(): ApiError {
  return new ApiError(
    409,
    'voice_not_configured',
    'This org has no voice vendor for live calls. Store its Vapi credentials with PUT /v1/integrations/vapi; test-mode keys use the call simulator.',
    { provider: 'vapi' },
  );
}

/** What work in test mode gets when something asks for a real vendor. */
export function livemodeRequired(connector: ConnectorId): ApiError {
  return new ApiError(403, 'livemode_required', `This would reach ${connector}, and test-mode requests never reach a real vendor. Use a live key.`, { connector });
}

/** The last line of decision 0012: whatever a module asks for, test mode gets no real vendor. */
export function refuseRealVendorInTestMode(connector: ConnectorId): void {
  if (currentLivemode() === false) throw livemodeRequired(connector);
}

const LOCAL_CONNECTORS: ReadonlySet<ConnectorId> = new Set(['simulator', 'local-tts', 'local-sms', 'heuristic']);

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

  const resilient = <T extends object>(orgId: string, id: ConnectorId, raw: T, methods: readonly (keyof T)[]) => {
    if (!LOCAL_CONNECTORS.has(id)) refuseRealVendorInTestMode(id);
    return withResilience(raw, breakers.for(orgId, id), methods as never);
  };

  const email = createLocalEmail({ store: opts.emailOutbox });

  return {
    breakers,
    email: () => email,

    async voiceConnectorFor(orgId, { livemode }) {
      if (!livemode) return 'simulator';
      if (await opts.loadIntegration(orgId, 'vapi')) return 'vapi';
      if (config.defaultVoice === 'vapi') throw voiceNotConfigured();
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

    ttsConnectorFor: (provider, { livemode }) => (livemode ? TTS_BY_VOICE[provider] : 'local-tts'),

    async tts(orgId, id) {
      const factory = TTS_FACTORIES[id];
      const raw = factory.create(await context(orgId, factory.provider, false));
      return resilient(orgId, id, raw, ['listVoices', 'synthesize']);
    },

    async llm(orgId, { livemode }) {
      const id = livemode && (await opts.loadIntegration(orgId, 'openai')) ? 'openai' : 'heuristic';
      const factory = LLM_FACTORIES[id];
      return resilient(orgId, id, factory.create(await context(orgId, factory.provider, false)), ['analyzeCall']);
    },

    async simulation(orgId) {
      // The same secret and simulated account the org's simulator connector uses, so its messages verify.
      const ctx = await context(orgId, null, true);
      return createSimulation(ctx.simulatorStore(), ctx.webhookSecret);
    },

    async testIntegration(orgId, provider) {
      refuseRealVendorInTestMode(provider);
      const integration = await opts.loadIntegration(orgId, provider);
      if (!integration) throw notFound('Integration');
      if (provider === 'twilio') {
        // The same single-attempt breaker SMS sends use (connectors/sms.ts): the breaker of an org and vendor
        // is created once with the options of whoever asks first, and sends must never be retried.
        return checkConnection(provider, breakers.for(orgId, provider, { maxAttempts: 1 }), twilioSms(config, integration));
      }
      const ctx: FactoryContext = { ...(await context(orgId, null, false)), integration, webhookSecret: secretFor(orgId, provider === 'vapi' ? integration : null) };
      const connector = provider === 'vapi' ? VOICE_FACTORIES.vapi.create(ctx) : TTS_FACTORIES[provider].create(ctx);
      return checkConnection(provider, breakers.for(orgId, provider), connector);
    },

    async webhookSecret(orgId) {
      return secretFor(orgId, await opts.loadIntegration(orgId, 'vapi'));
    },

    async ensureWebhookCredential(orgId, integration, o) {
      const webhookSecret = secretFor(orgId, integration);
      const ctx: FactoryContext = { ...(await context(orgId, null, false)), integration, webhookSecret };
      const vapi = VOICE_FACTORIES.vapi.create(ctx);
      // Vapi caps credential names at 40 characters; "Voxanne org_..." is 38.
      const ensure = () => vapi.ensureServerCredential!({ credentialId: o.credentialId, createIfMissing: o.createIfMissing, name: `Voxanne ${orgId}` });
      const { credentialId } = await breakers.for(orgId, 'vapi').execute(ensure);
      return { credentialId, webhookSecret };
    },

    problem: (err) => asProblem(err, retryAfterSeconds),
  };
}
