import { APIConnectionTimeoutError, APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readWavInfo } from '@voxanne/connector-kit';
import { createOpenAiTts, mapOpenAiError, OPENAI_VOICES } from '../src/index.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../src/testing/index.ts';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-abc' });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.http.requests.length = 0;
});

describe('OpenAI wire format', () => {
  it('POSTs /v1/audio/speech with bearer auth, model, voice, input and response_format', async () => {
    const tts = createOpenAiTts({ apiKey: 'sk-abc', baseUrl: fake.baseUrl, instructions: 'Warm and calm.' });
    const res = await tts.synthesize({ voiceId: 'coral', text: 'Your appointment is at ten.', format: 'wav' });
    const [req] = fake.http.find('POST', '/v1/audio/speech');
    expect(req!.headers.authorization).toBe('Bearer sk-abc');
    expect(req!.body).toEqual({
      model: 'gpt-4o-mini-tts',
      voice: 'coral',
      input: 'Your appointment is at ten.',
      response_format: 'wav',
      instructions: 'Warm and calm.',
    });
    expect(readWavInfo(res.audio)?.sampleRate).toBe(24000);
  });

  it('does not send instructions to tts-1 and lists only the voices tts-1 has', async () => {
    const tts = createOpenAiTts({ apiKey: 'sk-abc', baseUrl: fake.baseUrl, model: 'tts-1', instructions: 'ignored' });
    await tts.synthesize({ voiceId: 'onyx', text: 'Hello.' });
    expect(fake.http.find('POST', '/v1/audio/speech')[0]!.body).toEqual({ model: 'tts-1', voice: 'onyx', input: 'Hello.', response_format: 'mp3' });
    expect((await tts.listVoices()).map((v) => v.id)).toEqual([...OPENAI_VOICES]);
    const gpt = await createOpenAiTts({ apiKey: 'sk-abc', baseUrl: fake.baseUrl }).listVoices();
    expect(gpt.map((v) => v.id)).toEqual(expect.arrayContaining(['alloy', 'nova', 'marin', 'cedar']));
    expect(gpt.find((v) => v.id === 'nova')).toEqual({ id: 'nova', name: 'Nova', language: null, previewUrl: null });
    expect(fake.http.find('GET', '/v1/models')).toHaveLength(0); // listVoices makes no API call
  });

  it('testConnection checks the key and that the model is available', async () => {
    await expect(createOpenAiTts({ apiKey: 'sk-abc', baseUrl: fake.baseUrl }).testConnection()).resolves.toMatchObject({ ok: true });
    const limited = await startFakeOpenAi({ models: ['gpt-4o'] });
    try {
      const res = await createOpenAiTts({ apiKey: limited.apiKey, baseUrl: limited.baseUrl }).testConnection();
      expect(res).toEqual({ ok: false, detail: 'OpenAI API key accepted, but model gpt-4o-mini-tts is not available to it' });
    } finally {
      await limited.close();
    }
  });

  it('sends one request per call (SDK retries off), maps network failures and keeps the vendor code', async () => {
    const tts = createOpenAiTts({ apiKey: 'sk-abc', baseUrl: fake.baseUrl });
    fake.failNext(503);
    await expect(tts.synthesize({ voiceId: 'alloy', text: 'x' })).rejects.toMatchObject({ code: 'vendor_unavailable' });
    await new Promise((r) => setTimeout(r, 1200));
    expect(fake.http.requests).toHaveLength(1);
    fake.http.dropNext();
    await expect(tts.synthesize({ voiceId: 'alloy', text: 'x' })).rejects.toMatchObject({ code: 'network', retryable: true });
    await expect(tts.synthesize({ voiceId: 'robot', text: 'x' })).rejects.toMatchObject({
      code: 'invalid_request',
      vendorCode: 'invalid_value',
      status: 400,
    });
  });

  it('maps a client timeout as retryable', async () => {
    const tts = createOpenAiTts({ apiKey: 'sk-abc', baseUrl: fake.baseUrl, timeoutMs: 100 });
    fake.http.delayNext(400);
    await expect(tts.synthesize({ voiceId: 'alloy', text: 'x' })).rejects.toMatchObject({ code: 'timeout', retryable: true });
  });
});

describe('mapOpenAiError', () => {
  it('maps SDK error classes', () => {
    expect(mapOpenAiError(new APIConnectionTimeoutError(), 'x')).toMatchObject({ code: 'timeout', retryable: true });
    const rate = APIError.generate(429, { error: { message: 'Slow down', code: 'rate_limit_exceeded', type: 'requests' } }, undefined, new Headers());
    expect(mapOpenAiError(rate, 'synthesize')).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      status: 429,
      vendorCode: 'rate_limit_exceeded',
      message: 'openai: synthesize failed: Slow down',
    });
  });
});
