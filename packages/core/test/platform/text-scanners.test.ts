/**
 * Issue #10's wider lesson: anything that scans text must be linear on crafted input. These helpers
 * scanned a run of spaces or dots from each of its positions; on 1 MB they took minutes, so a test
 * that ran them before the fix did not finish (the suite's timeout failed it). Now each is one pass:
 * checked here on 1 MB for the right answer, never with a clock.
 */
import { describe, expect, it } from 'vitest';
import { oneLine } from '@voxanne/connector-kit';
import { replyKind } from '../../src/modules/sms/inbound.ts';

const MB = 1024 * 1024;

/** The previous implementations, as the reference for what the output must be on ordinary text. */
const oldOneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('oneLine (tool results sent to the voice vendor)', () => {
  it.each([
    ['a \n b', 'a b'],
    ['a\r\n\r\nb', 'a b'],
    ['a   b', 'a   b'],
    ['  lead\n', 'lead'],
    ['a \t\n\t b  c\n', 'a b  c'],
    ['\u00a0x\u2028y', 'x\u2028y'],
  ])('%j -> %j', (input, out) => expect(oneLine(input)).toBe(out));

  it('gives what the old pattern gave on 2,000 random texts', () => {
    const r = rng(10);
    const alphabet = ['a', 'b', ' ', ' ', '\t', '\n', '\r', '.', '\u00a0'];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let k = Math.floor(r() * 30); k > 0; k--) s += alphabet[Math.floor(r() * alphabet.length)];
      expect(oneLine(s), JSON.stringify(s)).toBe(oldOneLine(s));
    }
  });

  it('flattens 1 MB of spaces without a line break in one pass', () => {
    const input = `a${' '.repeat(MB)}b`;
    expect(oneLine(input)).toBe(input);
    expect(oneLine(`a${' '.repeat(MB)}\nb`)).toBe('a b');
  });
});

describe('replyKind (replies to SMS reminders)', () => {
  it.each([
    ['C', 'confirm'],
    [' confirm! ', 'confirm'],
    ['Confirmed...', 'confirm'],
    ['call me.', 'callback'],
    ['R', 'callback'],
    ['C.x', null],
    ['hello', null],
  ] as const)('%j -> %s', (body, kind) => expect(replyKind(body)).toBe(kind));

  it('reads 1 MB of dots that do not end the message in one pass', () => {
    expect(replyKind(`C${'.'.repeat(MB)}x`)).toBeNull();
    expect(replyKind(`C${'.!'.repeat(MB / 2)}`)).toBe('confirm');
  });
});
