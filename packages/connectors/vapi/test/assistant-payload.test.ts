import { describe, expect, it } from 'vitest';
import { sampleAssistantSpec } from '@voxanne/connector-kit/testing';
import { buildAssistantPayload, VAPI_SERVER_MESSAGES } from '../src/index.ts';

const opts = { serverTimeoutSeconds: 20, serverCredentialId: 'cred_123' };

describe('buildAssistantPayload', () => {
  it('maps the spec onto the current Vapi assistant shape', () => {
    const spec = sampleAssistantSpec();
    const dto = buildAssistantPayload(spec, opts);
    const server = { url: spec.serverUrl, timeoutSeconds: 20, credentialId: 'cred_123' };
    expect(dto).toEqual({
      name: spec.name,
      model: {
        provider: 'openai',
        model: 'gpt-4o',
        messages: [{ role: 'system', content: spec.systemPrompt }],
        tools: spec.tools.map((t) => ({
          type: 'function',
          async: false,
          function: { name: t.name, description: t.description, parameters: t.parameters },
          server,
        })),
      },
      voice: { provider: '11labs', voiceId: spec.voice.voiceId },
      transcriber: { provider: 'deepgram', model: 'nova-2', language: 'en' },
      firstMessage: spec.firstMessage,
      firstMessageMode: 'assistant-speaks-first',
      maxDurationSeconds: 900,
      voicemailMessage: spec.voicemailMessage,
      endCallMessage: spec.endCallMessage,
      server,
      serverMessages: [...VAPI_SERVER_MESSAGES],
      metadata: spec.metadata,
    });
    // The legacy top-level fields must not come back.
    expect(dto).not.toHaveProperty('serverUrl');
    expect(dto).not.toHaveProperty('serverUrlSecret');
  });

  it('deploys a transfer tool as Vapi\'s native transferCall, which moves the call itself', () => {
    const spec = sampleAssistantSpec();
    spec.tools = [
      { name: 'check_availability', description: 'd', parameters: { type: 'object' } },
      { name: 'transfer_call', description: 'Transfer', parameters: { type: 'object' }, transferTo: '+15551234567' },
    ];
    const dto = buildAssistantPayload(spec, opts);
    const tools = (dto.model as unknown as { tools: Record<string, unknown>[] }).tools;
    expect(tools[0]).toMatchObject({ type: 'function', function: { name: 'check_availability' } });
    expect(tools[1]).toEqual({
      type: 'transferCall',
      destinations: [{ type: 'number', number: '+15551234567', message: 'Transferring you to someone at the clinic now. Please hold.' }],
    });
  });

  it('omits optional fields and the credential when not configured', () => {
    const spec = sampleAssistantSpec();
    delete spec.firstMessage;
    delete spec.language;
    delete spec.voicemailMessage;
    const dto = buildAssistantPayload(spec, { serverTimeoutSeconds: 10 });
    expect(dto.server).toEqual({ url: spec.serverUrl, timeoutSeconds: 10 });
    expect(dto).not.toHaveProperty('firstMessage');
    expect(dto).not.toHaveProperty('transcriber');
    expect(dto).not.toHaveProperty('voicemailMessage');
  });

  it('maps OpenAI voices, truncates long names and refuses the local voice', () => {
    const dto = buildAssistantPayload(sampleAssistantSpec({ voice: { provider: 'openai', voiceId: 'alloy' }, name: 'x'.repeat(60) }), opts);
    expect(dto.voice).toEqual({ provider: 'openai', voiceId: 'alloy' });
    expect(dto.name).toHaveLength(40);
    expect(() => buildAssistantPayload(sampleAssistantSpec({ voice: { provider: 'local', voiceId: 'local-aria' } }), opts)).toThrow(
      expect.objectContaining({ code: 'unsupported', retryable: false }),
    );
  });

  it('refuses an OpenAI voice Vapi plays only with realtime models (ash, ballad, coral, sage, verse) on any other model', () => {
    for (const voiceId of ['ash', 'ballad', 'coral', 'sage', 'verse']) {
      expect(() => buildAssistantPayload(sampleAssistantSpec({ voice: { provider: 'openai', voiceId } }), opts), voiceId).toThrow(
        expect.objectContaining({ code: 'unsupported', retryable: false, message: expect.stringContaining('realtime') }),
      );
      const realtime = sampleAssistantSpec({ voice: { provider: 'openai', voiceId }, model: { provider: 'openai', model: 'gpt-realtime-2025-08-28' } });
      expect(buildAssistantPayload(realtime, opts).voice).toEqual({ provider: 'openai', voiceId });
    }
  });
});
