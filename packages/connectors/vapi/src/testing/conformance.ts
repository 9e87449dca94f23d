/** Wires a fake Vapi and a real Vapi connector into the kit's voice conformance suite. */
import type { VoiceConformanceContext } from '@voxanne/connector-kit/testing';
import { vapiHmacAuthenticationPlan } from '../hmac-plan.ts';
import { createVapiVoice } from '../voice.ts';
import { encodeVapiServerMessage } from './encode.ts';
import { startFakeVapi } from './fake-vapi.ts';
import { signWithHmacPlan } from './sign-plan.ts';

type Json = Record<string, unknown>;

export async function vapiConformanceContext(): Promise<VoiceConformanceContext> {
  const fake = await startFakeVapi();
  const webhookSecret = 'vapi-conformance-webhook-secret';
  const settings = { apiKey: fake.apiKey, webhookSecret, baseUrl: fake.url, timeoutMs: 5000 };
  const connector = createVapiVoice(settings);
  return {
    connector,
    webhookSecret,
    vendor: {
      assistant(id) {
        const a = fake.assistants.get(id);
        if (!a) return undefined;
        const model = a.model as Json;
        const system = (model.messages as Json[]).find((m) => m.role === 'system');
        return {
          name: a.name as string,
          systemPrompt: system?.content as string,
          firstMessage: (a.firstMessage as string | undefined) ?? null,
          serverUrl: (a.server as Json).url as string,
          toolNames: ((model.tools as Json[] | undefined) ?? []).map((t) => (t.function as Json).name as string),
          voiceId: (a.voice as Json).voiceId as string,
          metadata: a.metadata as Json,
        };
      },
      phoneNumber(id) {
        const p = fake.phoneNumbers.get(id);
        return p && { number: (p.number as string | undefined) ?? null, assistantExternalId: (p.assistantId as string | null | undefined) ?? null };
      },
      call(id) {
        const c = fake.calls.get(id);
        return (
          c && {
            assistantExternalId: c.assistantId as string,
            phoneNumberExternalId: c.phoneNumberId as string,
            customerNumber: (c.customer as Json).number as string,
            metadata: (c.assistantOverrides as Json).metadata as Json,
          }
        );
      },
    },
    withBadCredentials() {
      const apiKey = 'vapi-wrong-key-3b1f';
      return { connector: createVapiVoice({ ...settings, apiKey }), apiKey };
    },
    failNext: (status, times) => fake.failNext(status, times),
    // Signed as Vapi's HMAC credential would, in milliseconds (the verifier accepts both units).
    sign: (rawBody, o = {}) =>
      signWithHmacPlan(vapiHmacAuthenticationPlan(o.secret ?? webhookSecret), {
        body: rawBody,
        timestamp: String((o.timestampSeconds ?? Math.floor(Date.now() / 1000)) * 1000),
      }),
    encodeServerMessage: (e) => encodeVapiServerMessage(e),
    teardown: () => fake.close(),
  };
}
