/**
 * Typed numbers: digit groups joined by single spaces, dashes or dots ("4111 1111 1111 1111",
 * "555-123-4567", "123456789"), not glued to a word or part of a price. This is what the regex
 *
 *   (?<![\w$]|\d[.,])\d+(?:[ .-]\d+)*(?!\w|[.,]\d)
 *
 * matched, found in one pass instead: a crafted "1 1 1 1 ..." made the regex's callers quadratic.
 */
import { bounded } from './bounded.ts';
import { at, isDigit, isWord } from './chars.ts';
import { charge } from './work.ts';

export interface DigitRun {
  start: number;
  end: number;
  /** Group boundaries, flat: [start0, end0, start1, end1, ...]. A view valid during the callback only. */
  groups: Int32Array;
}

/** Reused between chains and calls: a crafted text is one chain of 50,000 groups, and allocating hurts. */
let scratch = new Int32Array(1024);

const NEXT_DIGIT = bounded(/\d/g);
/** The fewest digits any typed-number rule redacts (an MRN or member id after its label). */
const MIN_DIGITS = 4;
const SPACE = 32;
const DASH = 45;
const DOT = 46;
const COMMA = 44;
const DOLLAR = 36;

/**
 * The regex's matches of at least four digits. A chain of groups yields at most one, from its first
 * group a match may start at (not after a word character, "$" or a decimal point) to its last group a
 * match may end after (not before a word character, or a separator that continues a decimal): the
 * regex's greedy match, found without backtracking.
 */
export function forEachDigitRun(text: string, onRun: (run: DigitRun) => void): void {
  const n = text.length;
  let i = 0;
  let skipped = 0;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      // The engine's scan for the next digit is far faster than a loop over text without numbers.
      NEXT_DIGIT.lastIndex = i;
      const next = NEXT_DIGIT.exec(text);
      skipped += (next ? next.index : n) - i;
      if (!next) break;
      i = next.index;
    }
    const p1 = at(text, i - 1);
    const p2 = at(text, i - 2);
    let count = 0; // entries of scratch in use
    let first = -1; // index of the first group a match may start at
    let last = -1; // index of the last group a match may end after
    let sep = -1; // the separator before the current group
    let j = i;
    for (let g = 0; ; g++) {
      const gs = j;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      if (count + 2 > scratch.length) {
        const grown = new Int32Array(scratch.length * 2);
        grown.set(scratch);
        scratch = grown;
      }
      scratch[count++] = gs;
      scratch[count++] = j;
      if (first < 0) {
        const startOk = g === 0 ? !(isWord(p1) || p1 === DOLLAR || ((p1 === DOT || p1 === COMMA) && isDigit(p2))) : sep === SPACE || sep === DASH;
        if (startOk) first = g;
      }
      const s = at(text, j);
      if ((s === SPACE || s === DASH || s === DOT) && isDigit(at(text, j + 1))) {
        // The chain goes on; a match may end here unless the separator is a decimal point.
        if (first >= 0 && s !== DOT) last = g;
        sep = s;
        j++;
        continue;
      }
      if (first >= 0 && !isWord(s) && !((s === DOT || s === COMMA) && isDigit(at(text, j + 1)))) last = g;
      break;
    }
    charge(j - i + 1);
    if (first >= 0 && last >= first) {
      const run = scratch.subarray(2 * first, 2 * last + 2);
      let digits = 0;
      for (let k = 0; k < run.length; k += 2) digits += run[k + 1]! - run[k]!;
      // Nothing shorter than four digits is PHI ("2 pm", "3 kids", "1/1/1"): such runs are not reported at all.
      if (digits >= MIN_DIGITS) onRun({ start: run[0]!, end: run[run.length - 1]!, groups: run });
    }
    i = j;
  }
  charge(skipped);
}
