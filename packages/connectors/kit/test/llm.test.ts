import { describe, expect, it } from 'vitest';
import { CALL_ANALYSIS_JSON_SCHEMA, ConnectorError, normalizeAnalyzeInput, parseCallAnalysis, renderTranscript } from '../src/index.ts';

const good = {
  summary: ' Booked a cleaning. ',
  sentiment: 'positive',
  sentimentScore: 0.6,
  intent: 'book_appointment',
  leadScore: 71.6,
  leadReasons: ['Wants to book', ' '],
  structured: { requestedService: 'Cleaning', preferredTime: ' ', insuranceMentioned: false, insuranceProvider: null, isNewPatient: null },
  extra: 'dropped',
};

describe('parseCallAnalysis', () => {
  it('returns a clean copy', () => {
    expect(parseCallAnalysis(good, 'x')).toEqual({
      summary: 'Booked a cleaning.',
      sentiment: 'positive',
      sentimentScore: 0.6,
      intent: 'book_appointment',
      leadScore: 72,
      leadReasons: ['Wants to book'],
      structured: { requestedService: 'Cleaning', preferredTime: null, insuranceMentioned: false, insuranceProvider: null, isNewPatient: null },
    });
  });

  it.each([
    ['not an object', 'hello'],
    ['empty summary', { ...good, summary: '  ' }],
    ['unknown sentiment', { ...good, sentiment: 'happy' }],
    ['unknown intent', { ...good, intent: 'sales' }],
    ['score out of range', { ...good, sentimentScore: 1.5 }],
    ['NaN lead score', { ...good, leadScore: Number.NaN }],
    ['lead score > 100', { ...good, leadScore: 101 }],
    ['lead score as string', { ...good, leadScore: '80' }],
    ['reasons not strings', { ...good, leadReasons: [1] }],
    ['missing structured', { ...good, structured: undefined }],
    ['bad nullable field', { ...good, structured: { ...good.structured, requestedService: 3 } }],
    ['missing boolean', { ...good, structured: { ...good.structured, insuranceMentioned: undefined } }],
    ['bad isNewPatient', { ...good, structured: { ...good.structured, isNewPatient: 'yes' } }],
  ])('rejects %s as invalid_response without echoing values', (_n, v) => {
    try {
      parseCallAnalysis(v, 'acme');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConnectorError);
      expect(e).toMatchObject({ code: 'invalid_response', retryable: false, connector: 'acme' });
      expect((e as Error).message).not.toMatch(/happy|sales|Cleaning/);
    }
  });

  it('schema requires every property (strict structured outputs)', () => {
    expect([...CALL_ANALYSIS_JSON_SCHEMA.required].sort()).toEqual(Object.keys(CALL_ANALYSIS_JSON_SCHEMA.properties).sort());
    const s = CALL_ANALYSIS_JSON_SCHEMA.properties.structured;
    expect([...s.required].sort()).toEqual(Object.keys(s.properties).sort());
  });
});

describe('normalizeAnalyzeInput / renderTranscript', () => {
  it('drops empty and malformed turns and flattens whitespace', () => {
    const turns = normalizeAnalyzeInput({ transcript: [{ role: 'caller', text: ' hi\n there ' }, { role: 'agent', text: '' }, { role: 'x', text: 'y' } as never] }, 'x');
    expect(turns).toEqual([{ role: 'caller', text: 'hi there' }]);
    expect(renderTranscript([...turns, { role: 'agent', text: 'ok\nbye' }])).toBe('caller: hi there\nagent: ok bye');
    expect(() => normalizeAnalyzeInput({ transcript: [] }, 'x')).toThrow(ConnectorError);
    expect(() => normalizeAnalyzeInput(undefined as never, 'x')).toThrow(/no text/);
  });
});
