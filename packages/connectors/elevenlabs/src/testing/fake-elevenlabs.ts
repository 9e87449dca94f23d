/**
 * A fake ElevenLabs: GET /v2/voices (paginated), GET /v1/voices and POST /v1/text-to-speech/{id}
 * with `xi-api-key` auth and ElevenLabs-style `{"detail": {status, message}}` errors. Audio is
 * text-derived and honours output_format (real WAV for wav_*, ID3-tagged bytes for mp3_*).
 */
import { fakeMp3, fakeWav, requestHeader, startFakeServer, type FakeReply, type FakeServer } from '@voxanne/connector-kit/testing';

export interface FakeVoice {
  voice_id: string;
  name: string;
  category: string;
  labels: Record<string, string>;
  preview_url: string;
}

export interface FakeElevenLabs {
  readonly url: string;
  readonly apiKey: string;
  readonly http: FakeServer;
  readonly voices: FakeVoice[];
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

const DEFAULT_VOICES: FakeVoice[] = [
  ['21m00Tcm4TlvDq8ikWAM', 'Rachel', 'en'],
  ['AZnzlk1XvdvUeBnXmlld', 'Domi', 'en'],
  ['EXAVITQu4vr4xnSDxMaL', 'Bella', 'en'],
  ['ErXwobaYiN019PkySvjV', 'Antoni', 'es'],
  ['MF3mGyEYCl7XYWbV9V6O', 'Elli', 'en'],
].map(([voice_id, name, language]) => ({
  voice_id: voice_id!,
  name: name!,
  category: 'premade',
  labels: { language: language!, accent: 'american' },
  preview_url: `https://storage.example/voices/${voice_id}/preview.mp3`,
}));

const detail = (status: number, code: string, message: string): FakeReply => ({ status, json: { detail: { status: code, message } } });

export async function startFakeElevenLabs(opts: { apiKey?: string; voices?: FakeVoice[] } = {}): Promise<FakeElevenLabs> {
  const apiKey = opts.apiKey ?? 'el-test-key';
  const voices = opts.voices ?? DEFAULT_VOICES.map((v) => ({ ...v }));
  const http = await startFakeServer({
    authorize: (req) =>
      requestHeader(req, 'xi-api-key') === apiKey ? undefined : detail(401, 'invalid_api_key', 'Invalid API key'),
  });

  http.route('GET', '/v1/voices', () => ({ json: { voices } }));
  http.route('GET', '/v2/voices', (req) => {
    const size = Math.min(100, Math.max(1, Number(req.query.get('page_size') ?? 10)));
    const start = Number(req.query.get('next_page_token') ?? 0);
    const page = voices.slice(start, start + size);
    const next = start + size;
    return {
      json: {
        voices: page,
        has_more: next < voices.length,
        total_count: voices.length,
        ...(next < voices.length ? { next_page_token: String(next) } : {}),
      },
    };
  });
  http.route('POST', '/v1/text-to-speech/:voiceId', (req) => {
    if (!voices.some((v) => v.voice_id === req.params.voiceId)) {
      return detail(404, 'voice_not_found', `A voice with voice_id ${req.params.voiceId} was not found.`);
    }
    const body = req.body as { text?: unknown } | undefined;
    if (typeof body?.text !== 'string' || !body.text) {
      return { status: 422, json: { detail: [{ loc: ['body', 'text'], msg: 'field required', type: 'value_error.missing' }] } };
    }
    const format = req.query.get('output_format') ?? 'mp3_44100_128';
    const wav = /^wav_(\d+)$/.exec(format);
    if (wav) return { body: fakeWav(body.text, Number(wav[1])), headers: { 'content-type': 'audio/wav' } };
    if (format.startsWith('mp3_')) return { body: fakeMp3(body.text), headers: { 'content-type': 'audio/mpeg' } };
    return detail(400, 'invalid_output_format', `fake supports mp3_* and wav_*, not ${format}`);
  });

  return {
    url: http.url,
    apiKey,
    http,
    voices,
    failNext: (status, times) => http.failNext(status, times),
    close: () => http.close(),
  };
}
