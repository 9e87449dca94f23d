/**
 * SSNs, payment cards, phone numbers and labelled numeric ids, typed or spoken. Formats that are
 * unambiguous on their own (123-45-6789, (555) 123-4567, a Luhn-valid 16-digit card) are always
 * redacted; bare digit strings only when a nearby label says what they are.
 */
import type { CueIndex } from './cues.ts';
import { luhnValid, ssnValid } from './luhn.ts';
import { findSpokenNumbers } from './spoken.ts';
import type { PhiFinding, PhiKind } from './types.ts';

/** 3-2-4 with one consistent separator; the look-arounds keep it from matching inside longer numbers. */
const SSN_FORMATTED = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g;
/** (555) 123-4567, optionally +1 first. */
const PHONE_PARENS = /(?<![\w+])(?:\+?1[\s.-]?)?\(\d{3}\)[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/g;
/** +country and 7..14 more digits, with the separators people write. */
const PHONE_E164 = /\+\d(?:[\s.-]?\(?\d\)?){6,16}(?!\d)/g;
/** Digit groups joined by single spaces, dashes or dots: "4111 1111 1111 1111", "555-123-4567", "123456789". */
const DIGIT_RUN = /(?<![\w$]|\d[.,])\d+(?:[ .-]\d+)*(?!\w|[.,]\d)/g;
/** US phone layouts within a run: 555-123-4567, 1-555-123-4567, 555.123.4567, 555 123 4567, 555-1234. */
const PHONE_LAYOUT = /^(?:1[ .-])?\d{3}([ .-])\d{3}\1\d{4}$|^\d{3}-\d{4}$/;

export function detectNumbers(text: string, cues: CueIndex): PhiFinding[] {
  const out: PhiFinding[] = [];
  const add = (kind: PhiKind, start: number, end: number) => out.push({ kind, start, end });

  for (const m of text.matchAll(SSN_FORMATTED)) if (ssnValid(m[1]! + m[3]! + m[4]!)) add('SSN', m.index, m.index + m[0].length);
  for (const m of text.matchAll(PHONE_PARENS)) add('PHONE', m.index, m.index + m[0].length);
  for (const m of text.matchAll(PHONE_E164)) {
    const n = m[0].replace(/\D/g, '').length;
    if (n >= 8 && n <= 15) add('PHONE', m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(DIGIT_RUN)) {
    const start = m.index;
    const raw = m[0];
    for (const f of cardsInRun(raw, start)) add('CARD', f.start, f.end);
    const cue = cues.before(start);
    // Longest prefix of groups first: "my social is 123456789 2 pm" glues a stray group onto the SSN.
    const groups = [...raw.matchAll(/\d+/g)];
    for (let g = groups.length; g >= 1; g--) {
      const last = groups[g - 1]!;
      const span = raw.slice(0, last.index + last[0].length);
      const kind = classify(span.replace(/\D/g, ''), { layout: span, cue, spoken: false });
      if (kind) {
        add(kind, start, start + span.length);
        break;
      }
    }
  }
  for (const run of findSpokenNumbers(text)) {
    const kind = classify(run.digits, { layout: run.digits, cue: cues.before(run.start), spoken: true });
    if (kind) add(kind, run.start, run.end);
  }
  return out;
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
  if (PHONE_LAYOUT.test(o.layout)) return 'PHONE';
  // Spoken runs this long are almost always an identifier being read out; typed ones may be order numbers.
  if (o.spoken && (n === 10 || (n === 11 && digits[0] === '1'))) return 'PHONE';
  if (o.spoken && n === 9 && ssnValid(digits)) return 'SSN';
  return undefined;
}

/**
 * Luhn-valid cards inside a run of groups. A run can hold more than the card ("card 4111 1111 1111
 * 1111 2 pm"), so every contiguous span of groups with 13..19 digits is tried, longest first.
 */
function cardsInRun(raw: string, offset: number): { start: number; end: number }[] {
  const groups = [...raw.matchAll(/\d+/g)].map((m) => ({ s: m.index, e: m.index + m[0].length, d: m[0] }));
  if (groups.length < 2) return [];
  let best: { start: number; end: number; len: number } | undefined;
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      digits += groups[j]!.d;
      if (digits.length > 19) break;
      if (digits.length >= 13 && luhnValid(digits) && (!best || digits.length > best.len)) {
        best = { start: offset + groups[i]!.s, end: offset + groups[j]!.e, len: digits.length };
      }
    }
  }
  return best ? [best] : [];
}
