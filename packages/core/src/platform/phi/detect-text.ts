/** Emails, street addresses, dates of birth and labelled alphanumeric ids. */
import type { CueIndex } from './cues.ts';
import type { PhiFinding, PhiKind } from './types.ts';

/** The look-behind starts a match only at a token start: without it a long token is rescanned from every offset (quadratic). */
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** As dictated: "john dot smith at gmail dot com". */
const SPOKEN_EMAIL = /\b[a-z0-9]+(?:\s+(?:dot|underscore|dash)\s+[a-z0-9]+)*\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)*\s+dot\s+(?:com|net|org|edu|gov|io|us|co|info|me)\b/gi;

const SUFFIX = 'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|crescent|alley|plaza';
/** Words that never name a street; they stop "2 pm on Main Street" from reading as an address. */
const NOT_STREET_WORD = '(?:am|pm|a\\.m\\.|p\\.m\\.|on|at|in|by|for|to|and|or|with|from|of|the|is|was|o\'clock|minutes?|hours?|days?|weeks?|months?|years?|dollars?|people|times?|kids?)\\b';
/** House number, 1-4 street-name words, a suffix, then optionally a unit and "City, ST 12345". */
const ADDRESS = new RegExp(
  `\\b\\d{1,6}[A-Za-z]?\\s+(?:(?!${NOT_STREET_WORD})[A-Za-z0-9.'-]+\\s+){1,4}(?:${SUFFIX})\\b\\.?` +
    `(?:,?\\s*(?:apt|apartment|unit|suite|ste|#)\\.?\\s*#?\\s*[A-Za-z0-9-]+)?` +
    `(?:,?\\s+[A-Za-z]+(?:\\s+[A-Za-z]+)?,\\s*[A-Za-z]{2}\\s+\\d{5}(?:-\\d{4})?)?`,
  'gi',
);

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ORD_UNIT = 'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth';
const DAY_WORD = `(?:(?:twenty|thirty)[- ](?:${ORD_UNIT})|${ORD_UNIT}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)`;
const DAY = `(?:\\d{1,2}(?:st|nd|rd|th)?|${DAY_WORD})`;
const UNIT = 'one|two|three|four|five|six|seven|eight|nine';
const TEN = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const TEEN = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
/** 1985, '85, "nineteen eighty-five", "nineteen oh two", "two thousand three". */
const YEAR = `(?:\\d{4}|'\\d{2}|(?:nineteen|twenty)[- ](?:oh[- ](?:${UNIT})|(?:${TEN})(?:[- ](?:${UNIT}))?|${TEEN})|two thousand(?: and)?(?:[- ](?:(?:${TEN})(?:[- ](?:${UNIT}))?|${TEEN}|${UNIT}))?)`;
const DATE_PATTERNS = [
  /(?<![\d/-]|\d\.)\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})(?![\d/-]|\.\d)/gi,
  /(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)/g,
  new RegExp(`\\b${MONTH}\\s+(?:the\\s+)?${DAY}(?:,?\\s+(?:of\\s+)?${YEAR})?\\b`, 'gi'),
  new RegExp(`\\b(?:the\\s+)?${DAY}\\s+(?:of\\s+)?${MONTH}(?:,?\\s+${YEAR})?\\b`, 'gi'),
];

/** Labels followed by an id; the id itself is found by scanning the next few tokens. */
const ID_LABEL = /\b(mrn|medical record(?: number| no\.?| #)?|chart (?:number|no\.?|#)|patient (?:id|number)|member(?:ship)? (?:id|number|no\.?|#)|policy(?: number| no\.?| #| id)?|subscriber(?: id| number| no\.?| #)?|group(?: number| no\.?| #| id)|insurance (?:id|number))\b/gi;
const FILLER = /^(?:is|was|it's|its|number|no|#|id|:|my|the|of|it|um|uh)$/i;

export function detectText(text: string, cues: CueIndex): PhiFinding[] {
  const out: PhiFinding[] = [];
  const add = (kind: PhiKind, start: number, end: number) => out.push({ kind, start, end });
  for (const re of [EMAIL, SPOKEN_EMAIL]) for (const m of text.matchAll(re)) add('EMAIL', m.index, m.index + m[0].length);
  // A trailing dot is the sentence's (or an abbreviation's); leaving it costs nothing.
  for (const m of text.matchAll(ADDRESS)) add('ADDRESS', m.index, m.index + m[0].trimEnd().replace(/\.$/, '').length);
  for (const re of DATE_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const end = m.index + m[0].length;
      // A date is a birth date only when labelled: appointment dates are not PHI worth hiding.
      if (cues.before(m.index) === 'dob' || cues.after(end, 'dob', 25)) add('DOB', m.index, end);
    }
  }
  for (const m of text.matchAll(ID_LABEL)) {
    const id = idAfter(text, m.index + m[0].length);
    if (id) add(/^(mrn|medical|chart|patient)/i.test(m[1]!) ? 'MRN' : 'MEMBER_ID', id.start, id.end);
  }
  return out;
}

/**
 * The id after a label: skip filler ("is", "number", ":"), then take consecutive tokens that
 * contain a digit ("XYZ123456", "123 456 789", "A-99812"). Letters-only tokens end it, so
 * "policy number is pending" redacts nothing.
 */
function idAfter(text: string, from: number): { start: number; end: number } | undefined {
  const re = /[^\s,;]+/g;
  re.lastIndex = from;
  let start = -1;
  let end = -1;
  let prefix = -1; // a letters-only series code before the digits: "XYZ 123456789"
  for (let m = re.exec(text), seen = 0; m && seen < 8; m = re.exec(text), seen++) {
    const tok = m[0].replace(/[.?!]+$/, '');
    if (start < 0 && prefix < 0 && FILLER.test(tok)) continue;
    if (start < 0 && prefix < 0 && /^[A-Z]{1,4}$/.test(tok)) {
      prefix = m.index;
      continue;
    }
    if (!/\d/.test(tok) || !/^[A-Za-z0-9#-]+$/.test(tok)) break;
    if (start < 0) start = prefix >= 0 ? prefix : m.index;
    end = m.index + tok.length;
  }
  // At least three digits: "our cancellation policy is 24 hours" has no id in it.
  return start >= 0 && (text.slice(start, end).match(/\d/g)?.length ?? 0) >= 3 ? { start, end } : undefined;
}
