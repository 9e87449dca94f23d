/**
 * A fake OpenAI: POST /v1/audio/speech, POST /v1/chat/completions (see fake-chat.ts) and GET /v1/models with Bearer auth and OpenAI-style
 * `{"error": {message, type, param, code}}` bodies. Audio is text-derived and honours
 * response_format (real 24 kHz WAV for wav, ID3-tagged bytes for mp3).
 */
import { installChatCompletions, type FakeAnalyze, type ForcedAnswer } from './fake-chat.ts';
import { bearerToken, fakeMp3, fakeWav, startFakeServer, type FakeReply, type FakeServer } from '@voxanne/connector-kit/testing';

export interface FakeOpenAi {
  readonly url: string;
  /** Base URL for the SDK, including /v1. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly http: FakeServer;
  failNext(status: number, times?: number): void;
  /** The next chat completion answers exactly this instead of the analyzer's result. */
  forceNextChat(answer: ForcedAnswer): void;
  close(): Promise<void>;
}

const VOICES = new Set(['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar']);
const MODELS = ['gpt-4o-mini-tts', 'tts-1', 'tts-1-hd', 'gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small'];

function openAiError(status: number, message: string, code: string | null, param: string | null = null): FakeReply {
  return { status, json: { error: { message, type: 'invalid_request_error', param, code } } };
}

export interface FakeOpenAiOptions {
  apiKey?: string;
  models?: string[];
  /** Computes chat-completion answers from the transcript in the prompt (e.g. the local heuristic analyzer). */
  analyze?: FakeAnalyze;
}

export async function startFakeOpenAi(opts: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const apiKey = opts.apiKey ?? 'sk-test-openai';
  const models = opts.models ?? MODELS;
  const http = await startFakeServer({
    authorize: (req) =>
      bearerToken(req) === apiKey ? undefined : openAiError(401, 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_api_key'),
  });

  http.route('GET', '/v1/models', () => ({
    json: { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'system' })) },
  }));

  http.route('POST', '/v1/audio/speech', (req) => {
    const b = (req.body ?? {}) as { model?: unknown; voice?: unknown; input?: unknown; response_format?: unknown };
    if (typeof b.model !== 'string' || !models.includes(b.model)) return openAiError(404, `The model '${String(b.model)}' does not exist`, 'model_not_found', 'model');
    if (typeof b.voice !== 'string' || !VOICES.has(b.voice)) {
      return openAiError(400, `Invalid value: '${String(b.voice)}'. Supported values are: ${[...VOICES].join(', ')}.`, 'invalid_value', 'voice');
    }
    if (typeof b.input !== 'string' || !b.input) return openAiError(400, 'Input is required', null, 'input');
    if (b.input.length > 4096) return openAiError(400, 'Input is longer than 4096 characters', 'string_above_max_length', 'input');
    const format = b.response_format ?? 'mp3';
    if (format === 'wav') return { body: fakeWav(b.input, 24_000), headers: { 'content-type': 'audio/wav' } };
    if (format === 'mp3') return { body: fakeMp3(b.input), headers: { 'content-type': 'audio/mpeg' } };
    return openAiError(400, `fake supports mp3 and wav, not ${String(format)}`, 'invalid_value', 'response_format');
  });

  const chat = installChatCompletions(http, { models, error: openAiError, ...(opts.analyze ? { analyze: opts.analyze } : {}) });

  return {
    url: http.url,
    baseUrl: `${http.url}/v1`,
    apiKey,
    http,
    failNext: (status, times) => http.failNext(status, times),
    forceNextChat: (answer) => chat.forceNext(answer),
    close: () => http.close(),
  };
}
