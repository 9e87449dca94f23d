/** AssistantSpec -> Vapi CreateAssistantDto. Pure, so it is unit-tested without a server. */
import type { Vapi } from '@vapi-ai/server-sdk';
import { ConnectorError, realtimeVoiceConflict, type AssistantSpec } from '@voxanne/connector-kit';
import { VAPI } from './errors.ts';

/**
 * Sent explicitly (Vapi's 2025-05 changelog asks for it; the default set also includes chatty
 * types such as speech-update and conversation-update that we ignore). assistant-request is not
 * listed: Vapi sends it to the phone number's server for numbers without an assistant.
 */
export const VAPI_SERVER_MESSAGES = [
  'tool-calls',
  'status-update',
  'end-of-call-report',
  'hang',
  'transcript[transcriptType="final"]',
] as const satisfies readonly Vapi.CreateAssistantDtoServerMessagesItem[];

/** Vapi rejects assistant names longer than 40 characters. */
export const VAPI_NAME_MAX = 40;

export interface PayloadOptions {
  serverCredentialId?: string;
  serverTimeoutSeconds: number;
}

export function vapiServer(url: string, opts: PayloadOptions): Vapi.Server {
  return {
    url,
    timeoutSeconds: opts.serverTimeoutSeconds,
    ...(opts.serverCredentialId ? { credentialId: opts.serverCredentialId } : {}),
  };
}

function vapiVoice(voice: AssistantSpec['voice']): Vapi.CreateAssistantDtoVoice {
  switch (voice.provider) {
    case 'elevenlabs':
      return { provider: '11labs', voiceId: voice.voiceId };
    case 'openai':
      return { provider: 'openai', voiceId: voice.voiceId as Vapi.OpenAiVoiceId };
    default:
      // Our local TTS runs on our machine; Vapi cannot call it during a live call.
      throw new ConnectorError({
        connector: VAPI,
        code: 'unsupported',
        message: `vapi: voice provider "${voice.provider}" cannot be used on Vapi; choose elevenlabs or openai`,
      });
  }
}

export function buildAssistantPayload(spec: AssistantSpec, opts: PayloadOptions): Vapi.CreateAssistantDto {
  // Vapi would accept the assistant and fail the call; refuse it before anything is deployed.
  const conflict = realtimeVoiceConflict(spec.voice, spec.model);
  if (conflict) throw new ConnectorError({ connector: VAPI, code: 'unsupported', message: `vapi: ${conflict}` });
  const server = vapiServer(spec.serverUrl, opts);
  const tools: Vapi.OpenAiModelToolsItem[] = spec.tools.map((t): Vapi.OpenAiModelToolsItem =>
    t.transferTo
      ? {
          // Vapi moves the call itself; the outcome reaches us as status `forwarding` and ended reason
          // `assistant-forwarded-call`.
          type: 'transferCall',
          destinations: [{ type: 'number', number: t.transferTo, message: 'Transferring you to someone at the clinic now. Please hold.' }],
        }
      : {
          type: 'function',
          async: false,
          function: { name: t.name, description: t.description, parameters: t.parameters as unknown as Vapi.OpenAiFunctionParameters },
          // Per-tool server wins over the assistant's for tool-calls; set it so tools never fall back
          // to an org-level server URL configured by someone else in the Vapi dashboard.
          server,
        },
  );
  // The model union is discriminated by provider; we pass the vendor-neutral pair through and let
  // Vapi validate the combination (it answers 400 for an unknown provider/model).
  const model = {
    provider: spec.model.provider,
    model: spec.model.model,
    messages: [{ role: 'system', content: spec.systemPrompt }],
    tools,
  } as unknown as Vapi.CreateAssistantDtoModel;

  return {
    name: spec.name.slice(0, VAPI_NAME_MAX),
    model,
    voice: vapiVoice(spec.voice),
    ...(spec.language
      ? {
          transcriber: {
            provider: 'deepgram',
            model: 'nova-2',
            language: spec.language as Vapi.DeepgramTranscriberLanguage,
          },
        }
      : {}),
    ...(spec.firstMessage ? { firstMessage: spec.firstMessage, firstMessageMode: 'assistant-speaks-first' as const } : {}),
    ...(spec.maxDurationSeconds ? { maxDurationSeconds: spec.maxDurationSeconds } : {}),
    ...(spec.voicemailMessage ? { voicemailMessage: spec.voicemailMessage } : {}),
    ...(spec.endCallMessage ? { endCallMessage: spec.endCallMessage } : {}),
    server,
    serverMessages: [...VAPI_SERVER_MESSAGES],
    metadata: { ...spec.metadata },
  };
}
