/**
 * Email addresses, typed ("john.doe+x@example.co.uk") and as dictated ("john dot doe at gmail dot
 * com"). Both used to be regexes whose match attempts could run to the end of a crafted text from
 * every position ("a dot a dot a dot ..."); here each is one pass plus work per '@' or per word that
 * never re-reads the same stretch twice.
 */
import { bounded } from './bounded.ts';
import { at, isAlnum, isLetter, isSpace, isWord } from './chars.ts';
import { charge } from './work.ts';

type Span = { start: number; end: number };

/** `[A-Za-z0-9._%+-]` */
const isLocal = (c: number) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
/** `[A-Za-z0-9-]` */
const isLabel = (c: number) => isAlnum(c) || c === 45;

/**
 * What `(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}` finds:
 * the local part is the whole run of local characters before an '@'; the domain ends in the last of
 * its dot-separated labels that opens with two letters, at the end of those letters. The stretch left
 * of an '@' and the one right of it both stop at the next '@', so no character is read more than twice.
 */
export function findEmails(text: string): Span[] {
  const out: Span[] = [];
  let steps = 0;
  for (let p = text.indexOf('@'); p >= 0; p = text.indexOf('@', p + 1)) {
    let ls = p;
    while (ls > 0 && isLocal(text.charCodeAt(ls - 1))) ls--;
    steps += p - ls + 1;
    if (ls === p) continue;
    let end = -1;
    let pos = p + 1;
    for (let label = 0; ; label++) {
      const s = pos;
      while (pos < text.length && isLabel(text.charCodeAt(pos))) pos++;
      steps += pos - s + 1;
      if (pos === s) break;
      if (label >= 1) {
        let letters = s;
        while (letters < pos && isLetter(text.charCodeAt(letters))) letters++;
        if (letters - s >= 2) end = letters;
      }
      if (text.charCodeAt(pos) !== 46) break;
      pos++;
    }
    if (end < 0) continue;
    // Addresses sharing characters ("a@b.co.x@y.org") become one span here rather than thousands later.
    const last = out.at(-1);
    if (last && ls < last.end) last.end = Math.max(last.end, end);
    else out.push({ start: ls, end });
  }
  charge(steps + text.length);
  return out;
}

/** The words every dictated address has: without both there is none to look for. */
const SPOKEN_AT = bounded(/(?<![A-Za-z0-9-])at(?![A-Za-z0-9-])/i);
const SPOKEN_DOT = bounded(/(?<![A-Za-z0-9-])dot(?![A-Za-z0-9-])/i);
const TLDS = ['com', 'net', 'org', 'edu', 'gov', 'io', 'us', 'co', 'info', 'me'];

/** What a word is to the dictated form. */
const OTHER = 0;
const AT = 1;
const DOT = 2;
const SEPARATOR = 3; // "underscore", "dash" (and DOT) join the parts of a name

/** Whether text[s, e) is `word` (lower-case ASCII), ignoring case, without allocating. */
function isWordAt(text: string, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let k = 0; k < word.length; k++) if ((text.charCodeAt(s + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Runs of `[A-Za-z0-9-]`, the words of the dictated form, in flat typed arrays (a crafted text has
 * tens of thousands): where each starts and ends, its last dash, whether only whitespace separates it
 * from the previous word, and whether it is one of the keywords.
 */
interface Chunks {
  count: number;
  start: Int32Array;
  end: Int32Array;
  hyphen: Int32Array; // index of the last '-', or -1
  spaced: Uint8Array;
  kind: Uint8Array;
}

function chunks(text: string): Chunks {
  const cap = (text.length >> 1) + 1;
  const c: Chunks = { count: 0, start: new Int32Array(cap), end: new Int32Array(cap), hyphen: new Int32Array(cap), spaced: new Uint8Array(cap), kind: new Uint8Array(cap) };
  let gapAllSpace = true; // so far, the characters since the previous chunk are all whitespace
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (!isLabel(ch)) {
      gapAllSpace &&= isSpace(ch);
      i++;
      continue;
    }
    let j = i;
    let hyphen = -1;
    while (j < text.length && isLabel(text.charCodeAt(j))) {
      if (text.charCodeAt(j) === 45) hyphen = j;
      j++;
    }
    const k = c.count++;
    c.start[k] = i;
    c.end[k] = j;
    c.hyphen[k] = hyphen;
    c.spaced[k] = k > 0 && gapAllSpace ? 1 : 0;
    c.kind[k] = isWordAt(text, i, j, 'at') ? AT : isWordAt(text, i, j, 'dot') ? DOT : isWordAt(text, i, j, 'underscore') || isWordAt(text, i, j, 'dash') ? SEPARATOR : OTHER;
    gapAllSpace = true;
    i = j;
  }
  charge(text.length);
  return c;
}

/** Where a TLD ends if chunk k opens with one followed by a word boundary ("com", "com-x"), else -1. */
function tldEnd(text: string, c: Chunks, k: number): number {
  const s = c.start[k]!;
  const e = c.end[k]!;
  for (const tld of TLDS) {
    if (e - s < tld.length || !isWordAt(text, s, s + tld.length, tld)) continue;
    if (e - s === tld.length) return isWord(at(text, e)) ? -1 : e;
    if (text.charCodeAt(s + tld.length) === 45) return s + tld.length;
  }
  return -1;
}

/**
 * What `\b[a-z0-9]+(?:\s+(?:dot|underscore|dash)\s+[a-z0-9]+)*\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)*\s+dot\s+(?:com|...)\b`
 * (case-insensitive) finds, by dynamic programming over the words instead of a match attempt from
 * every word: for each word, the leftmost start of a "name dot name ..." chain ending there (left to
 * right), and the furthest TLD end of a "domain dot part ..." chain starting there (right to left).
 * Each "at" between the two gives an address.
 */
export function findSpokenEmails(text: string): Span[] {
  charge(2 * text.length);
  if (!SPOKEN_AT.test(text) || !SPOKEN_DOT.test(text)) return [];
  const c = chunks(text);
  const n = c.count;
  // A name word: the whole chunk, or its part after the last dash ("x-john dot doe at ..." starts at john).
  const firstName = (k: number): number => {
    const h = c.hyphen[k]!;
    if (h < 0) return at(text, c.start[k]! - 1) === 95 ? -1 : c.start[k]!;
    return h + 1 < c.end[k]! ? h + 1 : -1;
  };
  const chainStart = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const linked = k >= 2 && c.hyphen[k]! < 0 && c.spaced[k] === 1 && c.spaced[k - 1] === 1 && (c.kind[k - 1] === SEPARATOR || c.kind[k - 1] === DOT);
    chainStart[k] = linked && chainStart[k - 2]! >= 0 ? chainStart[k - 2]! : firstName(k);
  }
  const furthestTld = new Int32Array(n).fill(-1);
  for (let k = n - 3; k >= 0; k--) {
    if (c.kind[k + 1] !== DOT || c.spaced[k + 1] !== 1 || c.spaced[k + 2] !== 1) continue;
    furthestTld[k] = furthestTld[k + 2]! >= 0 ? furthestTld[k + 2]! : tldEnd(text, c, k + 2);
  }
  charge(2 * n);
  const out: Span[] = [];
  for (let t = 1; t + 1 < n; t++) {
    if (c.kind[t] !== AT || c.spaced[t] !== 1 || c.spaced[t + 1] !== 1) continue;
    const start = chainStart[t - 1]!;
    const end = furthestTld[t + 1]!;
    if (start >= 0 && end >= 0) out.push({ start, end });
  }
  return out;
}
