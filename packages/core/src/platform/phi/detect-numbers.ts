/**
 * SSNs, payment cards, phone numbers and labelled numeric ids, typed or spoken. Formats that are
 * unambiguous on their own (123-45-6789, (555) 123-4567, a Luhn-valid 16-digit card) are always
 * redacted; bare digit strings only when a nearby label says what they are.
 */
import { bounded } from './bounded.ts';
import type { CueIndex } from './cues.ts';
import { forEachDigitRun, type DigitRun } from './digit-runs.ts';
import { RunningLuhn, luhnValid, ssnValid } from './luhn.ts';
import { findSpokenNumbers } from './spoken.ts';
import type { PhiFinding, PhiKind } from './types.ts';
import { charge } from './work.ts';

/** 3-2-4 with one consistent separator; the look-arounds keep it from matching inside longer numbers. */
const SSN_FORMATTED = bounded(/(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g);
/** (555) 123-4567, optionally +1 first. */
const PHONE_PARENS = bounded(/(?<![\w+])(?:\+?1[\s.-]?)?\(\d{3}\)[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/g);
/** +country and 7..14 more digits, with the separators people write. */
const PHONE_E164 = bounded(/\+\d(?:[\s.-]?\(?\d\)?){6,16}(?!\d)/g);
/** US phone layouts within a run: 555-123-4567, 1-555-123-4567, 555.123.4567, 555 123 4567, 555-1234. */
const PHONE_LAYOUT = bounded(/^(?:1[ .-])?\d{3}([ .-])\d{3}\1\d{4}$|^\d{3}-\d{4}$/);

/** No card, SSN, phone or date has more digits; only a labelled id can be longer. */
const MAX_DIGITS = 19;

export function detectNumbers(text: string, cues: CueIndex): PhiFinding[] {
  const out: PhiFinding[] = [];
  const add = (kind: PhiKind, start: number, end: number) => out.push({ kind, start, end });

  charge(3 * text.length);
  for (const m of text.matchAll(SSN_FORMATTED)) if (ssnValid(m[1]! + m[3]! + m[4]!)) add('SSN', m.index, m.index + m[0].length);
  for (const m of text.matchAll(PHONE_PARENS)) add('PHONE', m.index, m.index + m[0].length);
  for (const m of text.matchAll(PHONE_E164)) {
    let n = 0;
    for (let i = 0; i < m[0].length; i++) if (m[0].charCodeAt(i) >= 48 && m[0].charCodeAt(i) <= 57) n++;
    if (n >= 8 && n <= 15) add('PHONE', m.index, m.index + m[0].length);
  }
  forEachDigitRun(text, (run) => {
    const card = cardInRun(text, run);
    if (card) add('CARD', card.start, card.end);
    const found = classifyRun(text, run, cues.before(run.start));
    if (found) add(found.kind, run.start, found.end);
  });
  for (const run of findSpokenNumbers(text)) {
    const kind = classify(run.digits, { layout: run.digits, cue: cues.before(run.start), spoken: true });
    if (kind) add(kind, run.start, run.end);
  }
  return out;
}

/**
 * The longest prefix of the run's groups that classifies: "my social is 123456789 2 pm" glues a stray
 * group onto the SSN. Only prefixes of at most 19 digits can classify — except under an id label,
 * where the whole run is the id — so at most 19 prefixes are tried, not one per group.
 */
function classifyRun(text: string, run: DigitRun, cue: string | undefined): { kind: PhiKind; end: number } | undefined {
  const g = run.groups;
  let total = 0;
  for (let k = 0; k < g.length; k += 2) total += g[k + 1]! - g[k]!;
  charge(g.length);
  if (total > MAX_DIGITS) {
    if (cue === 'mrn') return { kind: 'MRN', end: run.end };
    if (cue === 'member') return { kind: 'MEMBER_ID', end: run.end };
  }
  // Prefix digit counts only shrink going left: skip the groups that leave more than 19 digits.
  let last = g.length - 2;
  while (last >= 0 && total > MAX_DIGITS) {
    total -= g[last + 1]! - g[last]!;
    last -= 2;
  }
  for (; last >= 0; last -= 2) {
    const span = text.slice(run.start, g[last + 1]!);
    let digits = '';
    for (let k = 0; k <= last; k += 2) digits += text.slice(g[k]!, g[k + 1]!);
    charge(span.length);
    const kind = classify(digits, { layout: span, cue, spoken: false });
    if (kind) return { kind, end: g[last + 1]! };
  }
  return undefined;
}

/**
 * What a digit string is, from its length, its layout and the label before it. A label of another
 * kind ("order number", "zip") wins over guessing from length: that is how a 10-digit order number
 * stays readable while "call me at 5551234567" does not.
 */
function classify(digits: string, o: { layout: string; cue: string | undefined; spoken: boolean }): PhiKind | undefined {
  const n = digits.length;
  if (n >= 13 && n <= 19 && luhnValid(digits)) return 'CARD';
  switch (o.cue) {
    case 'block':
      return undefined;
    case 'ssn':
      return n === 9 && ssnValid(digits) ? 'SSN' : undefined;
    case 'mrn':
      return n >= 4 ? 'MRN' : undefined;
    case 'member':
      return n >= 4 ? 'MEMBER_ID' : undefined;
    case 'dob':
      // 031585, 03151985, 19850315: a date without separators.
      if (n === 6 || n === 8) return 'DOB';
      break;
    case 'phone':
      if (n === 7 || n === 10 || (n === 11 && digits[0] === '1')) return 'PHONE';
      break;
  }
  // A phone layout is at most 14 characters; the length check keeps the regex off long spoken runs.
  if (o.layout.length <= 14 && PHONE_LAYOUT.test(o.layout)) return 'PHONE';
  // Spoken runs this long are almost always an identifier being read out; typed ones may be order numbers.
  if (o.spoken && (n === 10 || (n === 11 && digits[0] === '1'))) return 'PHONE';
  if (o.spoken && n === 9 && ssnValid(digits)) return 'SSN';
  return undefined;
}

/**
 * The longest Luhn-valid card inside a run of at least two groups ("card 4111 1111 1111 1111 2 pm"):
 * every contiguous span of groups with 13..19 digits is tried, longest first, the earliest on a tie.
 * Spans stop at 19 digits and the check is incremental, so a run costs at most 19 steps per group.
 */
function cardInRun(text: string, run: DigitRun): { start: number; end: number } | undefined {
  const g = run.groups;
  if (g.length < 4) return undefined;
  let best: { start: number; end: number; len: number } | undefined;
  let steps = 0;
  const luhn = new RunningLuhn();
  for (let i = 0; i < g.length; i += 2) {
    luhn.reset();
    for (let j = i; j < g.length && luhn.length <= MAX_DIGITS; j += 2) {
      for (let p = g[j]!; p < g[j + 1]! && luhn.length <= MAX_DIGITS; p++, steps++) luhn.push(text.charCodeAt(p) - 48);
      if (luhn.length > MAX_DIGITS) break;
      if (luhn.length >= 13 && luhn.valid() && (!best || luhn.length > best.len)) best = { start: g[i]!, end: g[j + 1]!, len: luhn.length };
    }
  }
  charge(steps);
  return best && { start: best.start, end: best.end };
}
