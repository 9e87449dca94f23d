/**
 * Labels that say what a nearby number is ("my social is", "member id", "order number"). Bare digit
 * strings are ambiguous — a 10-digit string is a phone number or an order number — so the nearest
 * label before them decides. 'block' labels mark numbers that are not PHI.
 */
import { bounded } from './bounded.ts';
import { charge } from './work.ts';

export type Cue = 'ssn' | 'card' | 'dob' | 'phone' | 'mrn' | 'member' | 'block';

/** Bounded patterns (literal phrases), so each pass over the text is linear. */
const CUES: [Cue, RegExp][] = [
  ['ssn', bounded(/\b(?:ssn|ss#|s\.s\.n\.?|social security(?: number| no\.?| #)?|social)\b/gi)],
  ['card', bounded(/\b(?:(?:credit|debit) card|card(?: number| no\.?| #)?|visa|mastercard|amex|american express|discover|cc#?)\b/gi)],
  ['dob', bounded(/\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday|born)\b/gi)],
  ['mrn', bounded(/\b(?:mrn|medical record(?: number| no\.?| #)?|chart(?: number| no\.?| #)|patient (?:id|number))\b/gi)],
  ['member', bounded(/\b(?:member(?:ship)? (?:id|number|no\.?|#)|policy(?: number| no\.?| #| id)?|subscriber(?: id| number| no\.?| #)?|group(?: number| no\.?| #| id)|insurance (?:id|number))\b/gi)],
  ['block', bounded(/\b(?:(?:order|confirmation|reference|ref|invoice|tracking|account|transaction|receipt|ticket|case|claim|room|extension|ext|zip|zip code)(?: number| no\.?| #| id)?|price|total)\b/gi)],
  ['phone', bounded(/\b(?:phone|cell|mobile|telephone|call(?: me)?|text(?: me)?|reach(?: me)?|contact|fax|callback|call back|number)\b/gi)],
];

/** How far a label reaches forward: "my date of birth is, let me think, ..." */
export const CUE_WINDOW = 50;

export interface CueIndex {
  /** The label ending closest before `pos` (within CUE_WINDOW), if any; of two ending there, the more specific. */
  before(pos: number): Cue | undefined;
  /** Whether a label of `cue` starts within `window` characters after `pos` ("1/2/1980 is my birthday"). */
  after(pos: number, cue: Cue, window: number): boolean;
  /** Whether the text has any label of `cue`: detectors that need one skip texts without. */
  has(cue: Cue): boolean;
}

const NONE: CueIndex = { before: () => undefined, after: () => false, has: () => false };

/**
 * Both questions are answered in constant time from arrays over text positions, built in one pass
 * each: a transcript can hold thousands of labels and thousands of numbers.
 */
export function indexCues(text: string): CueIndex {
  const n = text.length;
  let endRank: Int8Array | undefined; // endRank[e]: the most specific cue (index in CUES) ending at e, or -1
  const starts: number[][] = CUES.map(() => []);
  CUES.forEach(([, re], rank) => {
    charge(n);
    for (const m of text.matchAll(re)) {
      const end = m.index + m[0].length;
      endRank ??= new Int8Array(n + 1).fill(-1);
      // CUES is in order of specificity, so the first cue to claim an end keeps it ("card number" over "number").
      if (endRank[end]! < 0) endRank[end] = rank;
      starts[rank]!.push(m.index);
    }
  });
  if (!endRank) return NONE;
  const ranks = endRank;

  // lastEnd[p]: the largest label end <= p, or -1.
  const lastEnd = new Int32Array(n + 1);
  charge(n);
  for (let p = 0, last = -1; p <= n; p++) {
    if (ranks[p]! >= 0) last = p;
    lastEnd[p] = last;
  }
  // nextStart[cue][p]: the smallest start >= p of a label of that cue, built when first asked for.
  const nextStart = new Map<Cue, Int32Array>();
  const nextOf = (cue: Cue): Int32Array => {
    let arr = nextStart.get(cue);
    if (!arr) {
      arr = new Int32Array(n + 2);
      const list = starts[CUES.findIndex(([c]) => c === cue)]!;
      charge(n + list.length);
      let k = list.length - 1;
      for (let p = n + 1; p >= 0; p--) {
        while (k >= 0 && list[k]! >= p) k--;
        arr[p] = k + 1 < list.length ? list[k + 1]! : -1;
      }
      nextStart.set(cue, arr);
    }
    return arr;
  };

  return {
    before(pos) {
      const e = lastEnd[Math.min(Math.max(pos, 0), n)]!;
      return e >= 0 && pos - e <= CUE_WINDOW ? CUES[ranks[e]!]![0] : undefined;
    },
    has(cue) {
      return starts[CUES.findIndex(([c]) => c === cue)]!.length > 0;
    },
    after(pos, cue, window) {
      if (pos > n) return false;
      const s = nextOf(cue)[Math.max(pos, 0)]!;
      return s >= 0 && s - pos <= window;
    },
  };
}
