/**
 * Street addresses: a house number, one to four street-name words, a suffix ("Street", "Ave"), then
 * optionally a unit and "City, ST 12345". What the case-insensitive regex
 *
 *   \b\d{1,6}[A-Za-z]?\s+(?:(?!NOT_STREET_WORD)[A-Za-z0-9.'-]+\s+){1,4}(?:SUFFIX)\b\.?
 *   (?:,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*[A-Za-z0-9-]+)?
 *   (?:,?\s+[A-Za-z]+(?:\s+[A-Za-z]+)?,\s*[A-Za-z]{2}\s+\d{5}(?:-\d{4})?)?
 *
 * matched, walked over whitespace-separated words instead: its unbounded words and spaces let a
 * crafted text make every attempt read far ahead. Each word is classified once; keywords are checked
 * with bounded sticky regexes at a known position.
 */
import { bounded } from './bounded.ts';
import { at, isDigit, isLetter, isSpace } from './chars.ts';
import { charge } from './work.ts';

const SUFFIX = bounded(/(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|crescent|alley|plaza)\b\.?/iy);
/** Words that never name a street; they stop "2 pm on Main Street" from reading as an address. */
const NOT_STREET_WORD = bounded(/(?:am|pm|a\.m\.|p\.m\.|on|at|in|by|for|to|and|or|with|from|of|the|is|was|o'clock|minutes?|hours?|days?|weeks?|months?|years?|dollars?|people|times?|kids?)\b/iy);
const UNIT = bounded(/(?:apt|apartment|unit|suite|ste|#)/iy);

type Span = { start: number; end: number };

/** `[A-Za-z0-9.'-]` */
const isStreetChar = (c: number) => isDigit(c) || isLetter(c) || c === 46 || c === 39 || c === 45;

/** Length of a sticky match of `re` at `pos`, or -1. */
function stickyAt(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0].length : -1;
}

/** Whitespace from `pos`: where it ends. */
function skipSpace(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && isSpace(text.charCodeAt(p))) p++;
  charge(p - pos + 1);
  return p;
}

/** `,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*[A-Za-z0-9-]+` from `pos`: where it ends, or -1. */
function unitAt(text: string, pos: number): number {
  let q = text.charCodeAt(pos) === 44 ? pos + 1 : pos;
  q = skipSpace(text, q);
  const kw = stickyAt(UNIT, text, q);
  if (kw < 0) return -1;
  q += kw;
  if (text.charCodeAt(q) === 46) q++;
  q = skipSpace(text, q);
  if (text.charCodeAt(q) === 35) q++;
  q = skipSpace(text, q);
  let r = q;
  while (r < text.length && (isDigit(text.charCodeAt(r)) || isLetter(text.charCodeAt(r)) || text.charCodeAt(r) === 45)) r++;
  charge(r - q);
  return r > q ? r : -1;
}

/** Letters from `pos`: where they end. */
function letters(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && isLetter(text.charCodeAt(p))) p++;
  charge(p - pos + 1);
  return p;
}

/** `,?\s+[A-Za-z]+(?:\s+[A-Za-z]+)?,\s*[A-Za-z]{2}\s+\d{5}(?:-\d{4})?` from `pos`: where it ends, or -1. */
function cityAt(text: string, pos: number): number {
  const from = text.charCodeAt(pos) === 44 ? pos + 1 : pos;
  const q = skipSpace(text, from);
  if (q === from) return -1;
  const w1 = letters(text, q);
  if (w1 === q) return -1;
  let comma = -1;
  const s2 = skipSpace(text, w1);
  const w2 = s2 > w1 ? letters(text, s2) : s2;
  if (w2 > s2 && text.charCodeAt(w2) === 44) comma = w2;
  else if (text.charCodeAt(w1) === 44) comma = w1;
  if (comma < 0) return -1;
  const st = skipSpace(text, comma + 1);
  if (!isLetter(at(text, st)) || !isLetter(at(text, st + 1))) return -1;
  const zip = skipSpace(text, st + 2);
  if (zip === st + 2) return -1;
  for (let i = 0; i < 5; i++) if (!isDigit(at(text, zip + i))) return -1;
  const end = zip + 5;
  if (text.charCodeAt(end) !== 45) return end;
  for (let i = 1; i <= 4; i++) if (!isDigit(at(text, end + i))) return end;
  return end + 5;
}

/** A house number: digits at a word boundary, maybe a letter ("12B"), then whitespace. */
const HOUSE = bounded(/(?<!\w)\d{1,6}[A-Za-z]?(?=\s)/g);
/** A street suffix opening a word: without one there is no address to look for. */
const ANY_SUFFIX = bounded(`(?<=\\s)${SUFFIX.source}`, 'i');

/** The next whitespace-separated word from `pos`, as [start, end], or undefined at the end of the text. */
function nextWord(text: string, pos: number): [number, number] | undefined {
  const s = skipSpace(text, pos);
  if (s >= text.length) return undefined;
  let e = s;
  while (e < text.length && !isSpace(text.charCodeAt(e))) e++;
  charge(e - s);
  return [s, e];
}

/** A word that may be part of a street name: `(?!NOT_STREET_WORD)[A-Za-z0-9.'-]+`. */
function isStreetWord(text: string, [s, e]: [number, number]): boolean {
  if (stickyAt(NOT_STREET_WORD, text, s) >= 0) return false;
  for (let p = s; p < e; p++) if (!isStreetChar(text.charCodeAt(p))) return false;
  charge(e - s);
  return true;
}

/**
 * From each house number, the next five words at most are read: a word is read again only by the
 * few house numbers just before it, so the walk stays linear.
 */
export function findAddresses(text: string): Span[] {
  const out: Span[] = [];
  charge(2 * text.length);
  if (!ANY_SUFFIX.test(text)) return out;
  let after = 0; // matches do not overlap: the next starts after the last one ends
  for (const m of text.matchAll(HOUSE)) {
    if (m.index < after) continue;
    // The words after the house number: up to four street-name words, then the one a suffix may open.
    const words: [number, number][] = [];
    let names = 0;
    for (let pos = m.index + m[0].length; words.length < 5; ) {
      const w = nextWord(text, pos);
      if (!w) break;
      words.push(w);
      pos = w[1];
      if (words.length <= 4 && names === words.length - 1 && isStreetWord(text, w)) names++;
      if (names < words.length) break;
    }
    // Greedy, as the regex: the most street-name words that a suffix follows.
    for (let k = names; k >= 1; k--) {
      const sw = words[k];
      if (!sw) continue;
      const len = stickyAt(SUFFIX, text, sw[0]);
      if (len < 0) continue;
      const suffixEnd = sw[0] + len;
      const unit = unitAt(text, suffixEnd);
      const city = cityAt(text, unit >= 0 ? unit : suffixEnd);
      const end = city >= 0 ? city : unit >= 0 ? unit : suffixEnd;
      // A trailing dot is the sentence's (or an abbreviation's); leaving it costs nothing.
      out.push({ start: m.index, end: end === suffixEnd && text.charCodeAt(end - 1) === 46 ? end - 1 : end });
      after = end;
      break;
    }
  }
  return out;
}
