import { describe, expect, it } from 'vitest';
import { smsKeyword, toSmsStatus } from '../src/index.ts';

describe('smsKeyword', () => {
  it.each([
    ['STOP', 'STOP'],
    ['Stop.', 'STOP'],
    ['stop!!', 'STOP'],
    ['\tUNSUBSCRIBE\n', 'STOP'],
    ['unstop', 'START'],
    ['Info?', 'HELP'],
    ['STOP STOP', null],
    ['stopp', null],
    ['', null],
    ['.', null],
  ] as const)('%j -> %s', (body, keyword) => {
    expect(smsKeyword(body)).toBe(keyword);
  });
});

describe('toSmsStatus', () => {
  it('keeps known states, case-insensitively, and maps anything else to unknown', () => {
    expect(toSmsStatus('delivered')).toBe('delivered');
    expect(toSmsStatus('UNDELIVERED')).toBe('undelivered');
    expect(toSmsStatus('partially_delivered')).toBe('unknown');
    expect(toSmsStatus(undefined)).toBe('unknown');
  });
});
