/**
 * Issue #10's wider lesson, applied to the simulator's brain and the heuristic analyzer: scanning text
 * must be linear on crafted input. Before these fixes each case below rescanned a long run from each of
 * its positions, and on 1 MB did not finish; now each is checked on 1 MB for the right answer, never
 * with a clock.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTranscriptHeuristically } from '../src/index.ts';
import { spokenResult } from '../src/simulator/brain.ts';

const MB = 1024 * 1024;
const oldSpokenResult = (text: string) => text.replace(/\s*\bTimes:.*$/s, '').replace(/\s+/g, ' ').trim();

function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('spokenResult', () => {
  it('gives what the old pattern gave on 2,000 random tool results', () => {
    const r = rng(4);
    const parts = ['Times:', 'Times: 2026-01-05T09:00:00-05:00', ' ', '  ', '\n', 'xTimes:', '_Times:', '.Times:', 'I have 9 am', 'ok.', 'Times'];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let k = Math.floor(r() * 8); k > 0; k--) s += parts[Math.floor(r() * parts.length)];
      expect(spokenResult(s), JSON.stringify(s)).toBe(oldSpokenResult(s));
    }
  });

  it('reads 1 MB of spaces in one pass', () => {
    expect(spokenResult(`I have 9 am.${' '.repeat(MB)}ok`)).toBe('I have 9 am. ok');
    expect(spokenResult(`I have 9 am.${' '.repeat(MB)}Times: 2026-01-05T09:00:00-05:00`)).toBe('I have 9 am.');
  });
});

describe('the analyzer\'s insurer names', () => {
  const insurer = (text: string) => analyzeTranscriptHeuristically({ transcript: [{ role: 'caller', text }] }).structured.insuranceProvider;

  it('still reads capitalised names before "insurance"', () => {
    expect(insurer('I have Blue Shield insurance')).toBe('Blue Shield');
    expect(insurer('Is my Ambetter insurance accepted?')).toBe('Ambetter');
  });

  it('reads 1 MB of hyphen-joined capitals in linear work, and takes a name of at most 40 characters', () => {
    const name = insurer(`${'A-'.repeat(MB / 2)} insurance`);
    expect(name).toMatch(/^(?:A-){1,20}$/);
  });
});
