/**
 * TtsConnector on OpenAI's speech endpoint through the official SDK (maxRetries 0: retries are
 * the kit's). OpenAI has no "list voices" endpoint: the voice set is fixed and documented per
 * model, so listVoices returns that documented list rather than calling the API.
 */
import OpenAI from 'openai';
import {
  AUDIO_CONTENT_TYPES,
  ConnectorError,
  type ConnectionCheck,
  type TtsConnector,
  type Voice,
} from '@voxanne/connector-kit';
import { OPENAI, mapOpenAiError } from './errors.ts';

export interface OpenAiTtsSettings {
  apiKey: string;
  /** Must include /v1. Default https://api.openai.com/v1. Point at the fake in tests. */
  baseUrl?: string;
  /** Default gpt-4o-mini-tts. */
  model?: string;
  /** Speaking-style instructions (gpt-4o-mini-tts only). */
  instructions?: string;
  organization?: string;
  project?: string;
  /** Per HTTP request. Default 30 000. */
  timeoutMs?: number;
}

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Voices every OpenAI speech model supports (tts-1, tts-1-hd, gpt-4o-mini-tts). */
export const OPENAI_VOICES = ['alloy', 'ash', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer'] as const;
/** Voices only gpt-4o-mini-tts has. */
export const OPENAI_GPT4O_ONLY_VOICES = ['ballad', 'verse', 'marin', 'cedar'] as const;

/** The speech endpoint's input limit. */
const MAX_CHARS = 4096;

const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function createOpenAiTts(settings: OpenAiTtsSettings): TtsConnector {
  const model = settings.model ?? 'gpt-4o-mini-tts';
  // Every option is explicit (null where unused) so the SDK's OPENAI_* env fallbacks never apply.
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
    organization: settings.organization ?? null,
    project: settings.project ?? null,
    adminAPIKey: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: settings.timeoutMs ?? 30_000,
  });

  const call = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw mapOpenAiError(e, action);
    }
  };

  const voices: Voice[] = [...OPENAI_VOICES, ...(model.startsWith('gpt-4o') ? OPENAI_GPT4O_ONLY_VOICES : [])].map((id) => ({
    id,
    name: titleCase(id),
    language: null, // every OpenAI voice speaks every supported language
    previewUrl: null,
  }));

  return {
    id: OPENAI,

    async listVoices() {
      return voices.map((v) => ({ ...v }));
    },

    async synthesize({ voiceId, text, format = 'mp3' }) {
      if (!text.trim()) throw new ConnectorError({ connector: OPENAI, code: 'invalid_request', message: 'openai: text is empty' });
      if (text.length > MAX_CHARS) {
        throw new ConnectorError({ connector: OPENAI, code: 'invalid_request', message: `openai: text is longer than ${MAX_CHARS} characters` });
      }
      if (format !== 'mp3' && format !== 'wav') {
        throw new ConnectorError({ connector: OPENAI, code: 'unsupported', message: `openai: format ${String(format)}` });
      }
      const res = await call('synthesize', () =>
        client.audio.speech.create({
          model,
          voice: voiceId,
          input: text,
          response_format: format,
          ...(settings.instructions && model.startsWith('gpt-4o') ? { instructions: settings.instructions } : {}),
        }),
      );
      const audio = new Uint8Array(await call('read synthesized audio', () => res.arrayBuffer()));
      if (audio.length === 0) {
        throw new ConnectorError({ connector: OPENAI, code: 'invalid_response', message: 'openai: synthesize returned no audio' });
      }
      return { audio, contentType: AUDIO_CONTENT_TYPES[format] };
    },

    async testConnection(): Promise<ConnectionCheck> {
      try {
        const page = await call('list models', () => client.models.list());
        const hasModel = page.data.some((m) => m.id === model);
        return hasModel
          ? { ok: true, detail: `OpenAI API reachable; ${model} available` }
          : { ok: false, detail: `OpenAI API key accepted, but model ${model} is not available to it` };
      } catch (e) {
        const err = e as ConnectorError;
        const message = err.message.split(settings.apiKey).join('***');
        return { ok: false, detail: `${err.code}${err.status ? ` (HTTP ${err.status})` : ''}: ${message}` };
      }
    },
  };
}
