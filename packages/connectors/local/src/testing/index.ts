/**
 * Test helpers for the local connectors: a simulator wired for the voice conformance suite,
 * reusable by core's tests to get a fully working voice vendor in one call.
 */
import { signWebhook, type VoiceConformanceContext } from '@voxanne/connector-kit/testing';
import { createSimulatorStore } from '../simulator/store.ts';
import { createSimulatorVoice, type SimulatorVoiceSettings } from '../simulator/voice.ts';

export function simulatorConformanceContext(opts: Partial<SimulatorVoiceSettings> = {}): VoiceConformanceContext {
  const apiKey = 'sim-key-good';
  const webhookSecret = opts.webhookSecret ?? 'sim-webhook-secret';
  const store = opts.store ?? createSimulatorStore({ apiKey });
  const connector = createSimulatorVoice({ apiKey, webhookSecret, ...opts, store });
  return {
    connector,
    webhookSecret,
    vendor: {
      assistant(id) {
        const a = store.assistants.get(id);
        if (!a) return undefined;
        return {
          name: a.spec.name,
          systemPrompt: a.spec.systemPrompt,
          firstMessage: a.spec.firstMessage ?? null,
          serverUrl: a.spec.serverUrl,
          toolNames: a.spec.tools.map((t) => t.name),
          voiceId: a.spec.voice.voiceId,
          metadata: a.spec.metadata,
        };
      },
      phoneNumber(id) {
        const p = store.phoneNumbers.get(id);
        return p && { number: p.number, assistantExternalId: p.assistantId };
      },
      call(id) {
        const c = store.calls.get(id);
        return (
          c && {
            assistantExternalId: c.assistantId ?? '',
            phoneNumberExternalId: c.phoneNumberId,
            customerNumber: c.customerNumber,
            metadata: c.metadata,
          }
        );
      },
    },
    withBadCredentials() {
      const bad = 'sim-key-wrong';
      return { connector: createSimulatorVoice({ apiKey: bad, webhookSecret, store }), apiKey: bad };
    },
    failNext: (status, times) => store.failNext(status, times),
    sign: (rawBody, o = {}) =>
      signWebhook({ secret: o.secret ?? webhookSecret, rawBody, ...(o.timestampSeconds !== undefined ? { timestamp: o.timestampSeconds } : {}) }),
    encodeServerMessage: (e) => connector.encodeServerMessage(e),
    teardown: async () => {},
  };
}
export { localSmsConformanceContext } from './sms.ts';
