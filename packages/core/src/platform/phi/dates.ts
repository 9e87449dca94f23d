/**
 * Dates, numeric ("3/15/85", "1985-03-15") and written ("March 3rd 1985", "the 3rd of March"). A date
 * is reported only when a birth-date label is near: appointment dates are not PHI worth hiding.
 */
import { bounded } from './bounded.ts';
import { isSpace } from './chars.ts';
import type { CueIndex } from './cues.ts';
import { charge } from './work.ts';

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ORD_UNIT = 'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth';
const DAY_WORD = `(?:(?:twenty|thirty)[- ](?:${ORD_UNIT})|${ORD_UNIT}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)`;
const DAY = `(?:\\d{1,2}(?:st|nd|rd|th)?|${DAY_WORD})`;
const UNIT = 'one|two|three|four|five|six|seven|eight|nine';
const TEN = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const TEEN = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
/** 1985, '85, "nineteen eighty-five", "nineteen oh two", "two thousand three". */
const YEAR = `(?:\\d{4}|'\\d{2}|(?:nineteen|twenty)[- ](?:oh[- ](?:${UNIT})|(?:${TEN})(?:[- ](?:${UNIT}))?|${TEEN})|two thousand(?: and)?(?:[- ](?:(?:${TEN})(?:[- ](?:${UNIT}))?|${TEEN}|${UNIT}))?)`;

/** Numeric dates, run over the text as it is. */
const NUMERIC = [
  bounded(/(?<![\d/-]|\d\.)\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})(?![\d/-]|\.\d)/gi),
  bounded(/(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)/g),
];
/**
 * Written dates, run over the text with each run of whitespace squeezed to one space: the words of a
 * date are then one `\s` apart, and the patterns need no unbounded `\s+`.
 */
const WRITTEN = [
  bounded(`\\b${MONTH}\\s(?:the\\s)?${DAY}(?:,?\\s(?:of\\s)?${YEAR})?\\b`, 'gi'),
  bounded(`\\b(?:the\\s)?${DAY}\\s(?:of\\s)?${MONTH}(?:,?\\s${YEAR})?\\b`, 'gi'),
];

type Span = { start: number; end: number };

/**
 * The text with each whitespace run squeezed to one space, and a map back: the squeezed text is the
 * original cut into pieces where a run was squeezed, so a position maps back by finding its piece.
 */
function squeeze(text: string): { text: string; back: (pos: number) => number } {
  const parts: string[] = [];
  const pieceAt: number[] = [0]; // where each piece starts in the squeezed text
  const pieceFrom: number[] = [0]; // and in the original
  let from = 0; // start of the current piece in the original
  let len = 0; // squeezed length so far
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (!isSpace(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    if (j - i > 1 || c !== 32) {
      parts.push(text.slice(from, i), ' ');
      len += i - from + 1;
      from = j;
      pieceAt.push(len);
      pieceFrom.push(j);
    }
    i = j;
  }
  charge(text.length);
  if (pieceAt.length === 1) return { text, back: (pos) => pos };
  parts.push(text.slice(from));
  const back = (pos: number): number => {
    let lo = 0;
    let hi = pieceAt.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieceAt[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    charge(20);
    // A squeezed space is the last character of its piece and maps to the start of its run.
    return pos - pieceAt[lo]! + pieceFrom[lo]!;
  };
  return { text: parts.join(''), back };
}

/** Any month name: without one there is no written date to look for. */
const ANY_MONTH = bounded(`\\b${MONTH}`, 'i');

export function findBirthDates(text: string, cues: CueIndex): Span[] {
  const out: Span[] = [];
  // Only a labelled date is reported, so a text without a birth-date label has none.
  if (!cues.has('dob')) return out;
  const keep = (start: number, end: number) => {
    // A date is a birth date only when labelled: appointment dates are not PHI worth hiding.
    if (cues.before(start) === 'dob' || cues.after(end, 'dob', 25)) out.push({ start, end });
  };
  for (const re of NUMERIC) {
    charge(text.length);
    for (const m of text.matchAll(re)) keep(m.index, m.index + m[0].length);
  }
  charge(text.length);
  if (!ANY_MONTH.test(text)) return out;
  const sq = squeeze(text);
  for (const re of WRITTEN) {
    charge(sq.text.length);
    // Written dates end in a letter, digit or dot, never in squeezed whitespace, so the last character maps back exactly.
    for (const m of sq.text.matchAll(re)) keep(sq.back(m.index), sq.back(m.index + m[0].length - 1) + 1);
  }
  return out;
}
