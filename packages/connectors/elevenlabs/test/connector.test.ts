import { ElevenLabsError } from '@elevenlabs/elevenlabs-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readWavInfo } from '@voxanne/connector-kit';
import { createElevenLabsTts, mapElevenLabsError } from '../src/index.ts';
import { startFakeElevenLabs, type FakeElevenLabs } from '../src/testing/index.ts';

let fake: FakeElevenLabs;
beforeAll(async () => {
  fake = await startFakeElevenLabs({ apiKey: 'xi-123' });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.http.requests.length = 0;
});

const tts = () => createElevenLabsTts({ apiKey: 'xi-123', baseUrl: fake.url, modelId: 'eleven_flash_v2_5' });

describe('ElevenLabs wire format', () => {
  it('synthesizes via POST /v1/text-to-speech/{voice} with xi-api-key, snake_case body and output_format', async () => {
    const res = await tts().synthesize({ voiceId: '21m00Tcm4TlvDq8ikWAM', text: 'Your cleaning is booked.', format: 'wav' });
    const [req] = fake.http.find('POST', '/v1/text-to-speech/:voiceId');
    expect(req!.path).toBe('/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM');
    expect(req!.headers['xi-api-key']).toBe('xi-123');
    expect(req!.query.get('output_format')).toBe('wav_16000');
    expect(req!.body).toEqual({ text: 'Your cleaning is booked.', model_id: 'eleven_flash_v2_5' });
    expect(readWavInfo(res.audio)?.sampleRate).toBe(16000);
  });

  it('lists voices across /v2/voices pages and maps them', async () => {
    const many = await startFakeElevenLabs({
      voices: Array.from({ length: 130 }, (_, i) => ({
        voice_id: `v${i}`,
        name: `Voice ${i}`,
        category: 'cloned',
        labels: (i === 0 ? { language: 'es' } : {}) as Record<string, string>,
        preview_url: `https://p/${i}.mp3`,
      })),
    });
    try {
      const voices = await createElevenLabsTts({ apiKey: many.apiKey, baseUrl: many.url }).listVoices();
      expect(voices).toHaveLength(130);
      expect(voices[0]).toEqual({ id: 'v0', name: 'Voice 0', language: 'es', previewUrl: 'https://p/0.mp3' });
      expect(voices[1]!.language).toBeNull();
      const pages = many.http.find('GET', '/v2/voices');
      expect(pages.map((p) => [p.query.get('page_size'), p.query.get('next_page_token')])).toEqual([
        ['100', null],
        ['100', '100'],
      ]);
      const capped = await createElevenLabsTts({ apiKey: many.apiKey, baseUrl: many.url, maxVoices: 50 }).listVoices();
      expect(capped).toHaveLength(50);
    } finally {
      await many.close();
    }
  });

  it('sends one request per call (SDK retries off) and maps a dropped connection as network', async () => {
    fake.failNext(500);
    await expect(tts().listVoices()).rejects.toMatchObject({ code: 'vendor_unavailable' });
    await new Promise((r) => setTimeout(r, 1200));
    expect(fake.http.requests).toHaveLength(1);
    fake.http.dropNext();
    await expect(tts().synthesize({ voiceId: '21m00Tcm4TlvDq8ikWAM', text: 'x' })).rejects.toMatchObject({ code: 'network', retryable: true });
  });

  it('reports the unknown voice with the vendor code', async () => {
    await expect(tts().synthesize({ voiceId: 'nope', text: 'hi' })).rejects.toMatchObject({
      code: 'not_found',
      vendorCode: 'voice_not_found',
      status: 404,
      retryable: false,
    });
  });
});

describe('mapElevenLabsError', () => {
  it('normalises voice_not_found sent as 400 to not_found', () => {
    const e = mapElevenLabsError(new ElevenLabsError({ statusCode: 400, body: { detail: { status: 'voice_not_found', message: 'gone' } } }), 'synthesize');
    expect(e).toMatchObject({ code: 'not_found', status: 400, vendorCode: 'voice_not_found', retryable: false, message: 'elevenlabs: synthesize failed: gone' });
  });

  it('treats schema mismatches as invalid responses, not retryable', () => {
    expect(mapElevenLabsError(new SyntaxError('response -> voices: Expected list'), 'list voices')).toMatchObject({
      code: 'invalid_response',
      retryable: false,
    });
  });
});
