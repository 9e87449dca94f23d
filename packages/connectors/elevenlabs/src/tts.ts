/**
 * TtsConnector on ElevenLabs through the official SDK (maxRetries 0: retries are the kit's).
 * Voices come from GET /v2/voices (paginated; /v1/voices returns everything in one response and
 * is slow on large libraries); speech from POST /v1/text-to-speech/{voice_id}.
 */
import { ElevenLabsClient, type ElevenLabs } from '@elevenlabs/elevenlabs-js';
import {
  AUDIO_CONTENT_TYPES,
  ConnectorError,
  type AudioFormat,
  type ConnectionCheck,
  type TtsConnector,
  type Voice,
} from '@voxanne/connector-kit';
import { ELEVENLABS, mapElevenLabsError } from './errors.ts';

export interface ElevenLabsTtsSettings {
  apiKey: string;
  /** Default https://api.elevenlabs.io (residency hosts work too). Point at the fake in tests. */
  baseUrl?: string;
  /** Default eleven_multilingual_v2. */
  modelId?: string;
  /** Per HTTP request. Default 30 000 (synthesis of long text takes a while). */
  timeoutMs?: number;
  /** Stop listing after this many voices. Default 500. */
  maxVoices?: number;
}

export const ELEVENLABS_DEFAULT_BASE_URL = 'https://api.elevenlabs.io';

/** Our neutral formats -> ElevenLabs output_format. 16 kHz WAV is plenty for speech previews. */
const OUTPUT_FORMAT: Record<AudioFormat, ElevenLabs.TextToSpeechConvertRequestOutputFormat> = {
  mp3: 'mp3_44100_128',
  wav: 'wav_16000',
};

const MAX_CHARS = 5000;

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function toVoice(v: ElevenLabs.Voice): Voice {
  return {
    id: v.voiceId,
    name: v.name ?? v.voiceId,
    language: v.labels?.language ?? v.verifiedLanguages?.[0]?.language ?? null,
    previewUrl: v.previewUrl ?? null,
  };
}

export function createElevenLabsTts(settings: ElevenLabsTtsSettings): TtsConnector {
  // apiKey and baseUrl are always passed, so the SDK's ELEVENLABS_API_KEY env fallback never applies.
  const client = new ElevenLabsClient({
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl ?? ELEVENLABS_DEFAULT_BASE_URL,
    maxRetries: 0,
    timeoutInSeconds: (settings.timeoutMs ?? 30_000) / 1000,
  });
  const maxVoices = settings.maxVoices ?? 500;

  const call = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw mapElevenLabsError(e, action);
    }
  };

  return {
    id: ELEVENLABS,

    async listVoices() {
      const voices: Voice[] = [];
      let nextPageToken: string | undefined;
      do {
        const page = await call('list voices', () =>
          client.voices.search({ pageSize: 100, ...(nextPageToken ? { nextPageToken } : {}) }),
        );
        voices.push(...page.voices.map(toVoice));
        nextPageToken = page.hasMore ? page.nextPageToken : undefined;
      } while (nextPageToken && voices.length < maxVoices);
      return voices.slice(0, maxVoices);
    },

    async synthesize({ voiceId, text, format = 'mp3' }) {
      if (!text.trim()) throw new ConnectorError({ connector: ELEVENLABS, code: 'invalid_request', message: 'elevenlabs: text is empty' });
      if (text.length > MAX_CHARS) {
        throw new ConnectorError({ connector: ELEVENLABS, code: 'invalid_request', message: `elevenlabs: text is longer than ${MAX_CHARS} characters` });
      }
      const outputFormat = OUTPUT_FORMAT[format];
      if (!outputFormat) throw new ConnectorError({ connector: ELEVENLABS, code: 'unsupported', message: `elevenlabs: format ${String(format)}` });
      const stream = await call('synthesize', () =>
        client.textToSpeech.convert(voiceId, { text, modelId: settings.modelId ?? 'eleven_multilingual_v2', outputFormat }),
      );
      const audio = await call('read synthesized audio', () => collect(stream));
      if (audio.length === 0) {
        throw new ConnectorError({ connector: ELEVENLABS, code: 'invalid_response', message: 'elevenlabs: synthesize returned no audio' });
      }
      return { audio, contentType: AUDIO_CONTENT_TYPES[format] };
    },

    async testConnection(): Promise<ConnectionCheck> {
      try {
        // The cheapest authenticated call a TTS-scoped key is allowed to make.
        await call('list voices', () => client.voices.search({ pageSize: 1 }));
        return { ok: true, detail: 'ElevenLabs API reachable; API key accepted' };
      } catch (e) {
        const err = e as ConnectorError;
        const message = err.message.split(settings.apiKey).join('***');
        return { ok: false, detail: `${err.code}${err.status ? ` (HTTP ${err.status})` : ''}: ${message}` };
      }
    },
  };
}
