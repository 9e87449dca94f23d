import { describe, expect, it } from 'vitest';
import { redactDeep, redactTranscript } from '../../../src/platform/phi/index.ts';

describe('redactTranscript', () => {
  it('redacts each turn, using the previous turn as label context, and keeps other fields', () => {
    const { turns, findings } = redactTranscript([
      { role: 'agent', text: "What's your date of birth?", at: 1 },
      { role: 'caller', text: 'It is 3/15/85.', at: 2 },
      { role: 'agent', text: 'And your member ID?', at: 3 },
      { role: 'caller', text: '48213377', at: 4 },
      { role: 'caller', text: 'Also call me at 555-123-4567 about the 2 pm slot.', at: 5 },
    ]);
    expect(turns.map((t) => t.text)).toEqual([
      "What's your date of birth?",
      'It is [DOB].',
      'And your member ID?',
      '[MEMBER_ID]',
      'Also call me at [PHONE] about the 2 pm slot.',
    ]);
    expect(turns.map((t) => t.at)).toEqual([1, 2, 3, 4, 5]);
    expect(findings).toEqual([
      { turn: 1, kind: 'DOB', start: 6, end: 13 },
      { turn: 3, kind: 'MEMBER_ID', start: 0, end: 8 },
      { turn: 4, kind: 'PHONE', start: 16, end: 28 },
    ]);
  });

  it('tolerates junk turns', () => {
    const junk = [null, { role: 'caller' }, { role: 'caller', text: 42 }] as unknown as { text: string }[];
    expect(() => redactTranscript(junk)).not.toThrow();
    expect(redactTranscript(undefined as unknown as []).turns).toEqual([]);
  });
});

describe('redactDeep', () => {
  it('redacts every string and uses keys as labels', () => {
    const payload = {
      summary: 'Caller (DOB 03/15/1985) wants a cleaning; call back on 555-123-4567.',
      structured: { ssn: '123456789', phone: 5551234567, dateOfBirth: '1985-03-15', member_id: 'W2939 4455', orderNumber: '4829105736' },
      list: ['email a@b.co', 'no phi here', 3, true, null],
      total: 1200,
      when: new Date('2025-03-03T10:00:00Z'),
    };
    expect(redactDeep(payload)).toEqual({
      summary: 'Caller (DOB [DOB]) wants a cleaning; call back on [PHONE].',
      structured: { ssn: '[SSN]', phone: '[PHONE]', dateOfBirth: '[DOB]', member_id: '[MEMBER_ID]', orderNumber: '4829105736' },
      list: ['email [EMAIL]', 'no phi here', 3, true, null],
      total: 1200,
      when: '2025-03-03T10:00:00.000Z',
    });
    expect(payload.structured.ssn).toBe('123456789'); // input untouched
  });

  it('redacts keys without losing colliding entries', () => {
    expect(redactDeep({ '555-123-4567': 'a', '555-987-6543': 'b' })).toEqual({ '[PHONE]': 'a', '[PHONE]#2': 'b' });
  });

  it('survives cycles, toJSON, deep nesting and odd values', () => {
    const a: Record<string, unknown> = { note: 'SSN 123-45-6789' };
    a.self = a;
    expect(redactDeep(a)).toEqual({ note: 'SSN [SSN]', self: '[CIRCULAR]' });
    const shared = { phone: '555-123-4567' };
    expect(redactDeep({ x: shared, y: shared })).toEqual({ x: { phone: '[PHONE]' }, y: { phone: '[PHONE]' } });
    expect(redactDeep({ toJSON: () => ({ email: 'x@y.io' }) })).toEqual({ email: '[EMAIL]' });
    let deep: unknown = 'SSN 123-45-6789';
    for (let i = 0; i < 500; i++) deep = [deep];
    expect(JSON.stringify(redactDeep(deep))).not.toContain('6789');
    const throwing = { get boom() { throw new Error('nope'); } };
    expect(() => redactDeep(throwing)).not.toThrow();
    expect(redactDeep(undefined)).toBeUndefined();
    expect(redactDeep('call 555-123-4567')).toBe('call [PHONE]');
  });
});
