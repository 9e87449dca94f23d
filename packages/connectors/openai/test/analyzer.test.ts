import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CALL_ANALYSIS_JSON_SCHEMA } from '@voxanne/connector-kit';
import { LLM_FIXTURES } from '@voxanne/connector-kit/testing';
import { analyzeTranscriptHeuristically } from '@voxanne/connector-local';
import { createOpenAiAnalyzer } from '../src/index.ts';
import { parsePrompt, startFakeOpenAi, type FakeOpenAi } from '../src/testing/index.ts';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-abc', analyze: analyzeTranscriptHeuristically });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.http.requests.length = 0;
});

const analyzer = (extra: Partial<Parameters<typeof createOpenAiAnalyzer>[0]> = {}) => createOpenAiAnalyzer({ apiKey: 'sk-abc', baseUrl: fake.baseUrl, ...extra });

describe('OpenAI analyzer wire format', () => {
  it('POSTs one chat completion with a strict json_schema, temperature 0 and the transcript in the prompt', async () => {
    const res = await analyzer().analyzeCall(LLM_FIXTURES.booking);
    const reqs = fake.http.find('POST', '/v1/chat/completions');
    expect(reqs).toHaveLength(1);
    const body = reqs[0]!.body as { model: string; temperature: number; messages: { role: string; content: string }[]; response_format: unknown };
    expect(reqs[0]!.headers.authorization).toBe('Bearer sk-abc');
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.temperature).toBe(0);
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'call_analysis', strict: true, schema: CALL_ANALYSIS_JSON_SCHEMA } });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    // The fake reads the prompt back: what it parses must be exactly the call we sent.
    expect(parsePrompt(body.messages[1]!.content)).toEqual(LLM_FIXTURES.booking);
    expect(res).toEqual(analyzeTranscriptHeuristically(LLM_FIXTURES.booking));
  });

  it('cuts very long transcripts in the middle, keeping the request and the outcome', async () => {
    const filler = Array.from({ length: 200 }, (_, i) => ({ role: 'agent' as const, text: `Filler sentence number ${i} about nothing in particular.` }));
    const transcript = [LLM_FIXTURES.booking.transcript[1]!, ...filler, { role: 'agent' as const, text: 'You are booked for Tuesday.' }];
    await analyzer({ maxTranscriptChars: 2000 }).analyzeCall({ transcript });
    const content = (fake.http.find('POST', '/v1/chat/completions')[0]!.body as { messages: { content: string }[] }).messages[1]!.content;
    expect(content.length).toBeLessThan(2200);
    expect(content).toContain('teeth cleaning');
    expect(content).toContain('You are booked for Tuesday.');
    expect(content).toMatch(/characters omitted/);
  });

  it('does not call the vendor for an empty transcript', async () => {
    await expect(analyzer().analyzeCall({ transcript: [] })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(fake.http.requests).toHaveLength(0);
  });

  it.each([
    ['a refusal', { refusal: "I can't help with that." }],
    ['a truncated answer', { content: '{"summary":"x"', finishReason: 'length' as const }],
    ['a content-filtered answer', { content: null, finishReason: 'content_filter' as const }],
    ['an out-of-range lead score', { content: JSON.stringify({ ...analyzeTranscriptHeuristically(LLM_FIXTURES.booking), leadScore: 140 }) }],
  ])('turns %s into invalid_response without leaking the answer', async (_name, answer) => {
    fake.forceNextChat(answer);
    const err = await analyzer().analyzeCall(LLM_FIXTURES.booking).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_response', retryable: false, connector: 'openai' });
    expect((err as Error).message).not.toContain('Delta');
  });

  it('maps an unknown model to a non-retryable not_found and a timeout to retryable', async () => {
    await expect(analyzer({ model: 'gpt-nope' }).analyzeCall(LLM_FIXTURES.cancel)).rejects.toMatchObject({ code: 'not_found', retryable: false, vendorCode: 'model_not_found' });
    fake.http.delayNext(400);
    await expect(analyzer({ timeoutMs: 100 }).analyzeCall(LLM_FIXTURES.cancel)).rejects.toMatchObject({ code: 'timeout', retryable: true });
  });

  it('testConnection reports a model the key cannot use', async () => {
    expect(await analyzer({ model: 'gpt-nope' }).testConnection()).toEqual({ ok: false, detail: 'OpenAI API key accepted, but model gpt-nope is not available to it' });
  });
});
