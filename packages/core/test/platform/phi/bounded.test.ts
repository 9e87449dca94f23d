/**
 * Structural half of the linearity guarantee (issue #10): the step counter cannot see inside a regex,
 * so every regex in the PHI scanners must be bounded (no `*`, `+`, `{n,}`) and built by bounded(),
 * which checks it. Unbounded runs are walked by hand-written loops, which the counter does see.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bounded, unboundedQuantifier } from '../../../src/platform/phi/bounded.ts';

const PHI_DIR = fileURLToPath(new URL('../../../src/platform/phi/', import.meta.url));

/** Regex literals in TypeScript source, found by a small lexer that skips comments and strings. */
function regexLiterals(src: string): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  let prev = ''; // last significant character
  let word = ''; // last identifier, for `return /x/`
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      i = src.indexOf('*/', i + 2) + 1;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
      prev = c;
      word = '';
      continue;
    }
    if (c === '/' && (prev === '' || '(,=:[!&|?{};'.includes(prev) || word === 'return')) {
      const start = i;
      let inClass = false;
      for (i++; i < src.length; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        else if (src[i] === '/' && !inClass) break;
      }
      while (/[a-z]/.test(src[i + 1] ?? '')) i++;
      out.push({ at: start, text: src.slice(start, i + 1) });
      prev = '/';
      word = '';
      continue;
    }
    if (/\s/.test(c)) continue;
    word = /[A-Za-z_$0-9]/.test(c) ? (/[A-Za-z_$0-9]/.test(prev) ? word + c : c) : '';
    prev = c;
  }
  return out;
}

describe('unboundedQuantifier', () => {
  it.each([
    ['\\d+', '+'],
    ['a*', '*'],
    ['x{2,}', '{2,}'],
    ['(?:ab)+?', '+'],
    ['[a-z]\\s*', '*'],
  ])('finds %s', (source, found) => expect(unboundedQuantifier(source)).toBe(found));

  it.each(['[+*]', '\\+\\*\\{2,\\}', 'a{1,4}', '\\d{3}', '(?:a|b)?', '[\\]+]x', '\\b(?:ssn|s\\.s\\.n\\.?)\\b'])('accepts %s', (source) => {
    expect(unboundedQuantifier(source)).toBeUndefined();
  });

  it('bounded() refuses an unbounded pattern when it is built', () => {
    expect(() => bounded(/\d+(?:[ .-]\d+)*/g)).toThrow(/unbounded quantifier/);
    expect(bounded(/\d{3}-\d{4}/g).flags).toBe('g');
  });
});

describe('the PHI scanners', () => {
  const files = readdirSync(PHI_DIR).filter((f) => f.endsWith('.ts'));

  it('the lexer finds regex literals and skips look-alikes', () => {
    const found = regexLiterals("const a = /x+/g; // not /this/\nconst b = '/nor/ this'; f(/y/, 2 / 3); return /z/;").map((r) => r.text);
    expect(found).toEqual(['/x+/g', '/y/', '/z/']);
  });

  it.each(files)('%s builds every regex through bounded()', (file) => {
    const src = readFileSync(join(PHI_DIR, file), 'utf8');
    if (file !== 'bounded.ts') expect(src).not.toMatch(/new RegExp\(/);
    const loose = regexLiterals(src).filter((r) => !/bounded\(\s*$/.test(src.slice(0, r.at)));
    expect(loose.map((r) => r.text)).toEqual([]);
  });
});
