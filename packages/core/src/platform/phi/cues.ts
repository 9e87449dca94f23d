/**
 * Labels that say what a nearby number is ("my social is", "member id", "order number"). Bare digit
 * strings are ambiguous — a 10-digit string is a phone number or an order number — so the nearest
 * label before them decides. 'block' labels mark numbers that are not PHI.
 */
export type Cue = 'ssn' | 'card' | 'dob' | 'phone' | 'mrn' | 'member' | 'block';

const CUES: [Cue, RegExp][] = [
  ['ssn', /\b(?:ssn|ss#|s\.s\.n\.?|social security(?: number| no\.?| #)?|social)\b/gi],
  ['card', /\b(?:(?:credit|debit) card|card(?: number| no\.?| #)?|visa|mastercard|amex|american express|discover|cc#?)\b/gi],
  ['dob', /\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday|born)\b/gi],
  ['mrn', /\b(?:mrn|medical record(?: number| no\.?| #)?|chart(?: number| no\.?| #)|patient (?:id|number))\b/gi],
  ['member', /\b(?:member(?:ship)? (?:id|number|no\.?|#)|policy(?: number| no\.?| #| id)?|subscriber(?: id| number| no\.?| #)?|group(?: number| no\.?| #| id)|insurance (?:id|number))\b/gi],
  ['block', /\b(?:(?:order|confirmation|reference|ref|invoice|tracking|account|transaction|receipt|ticket|case|claim|room|extension|ext|zip|zip code)(?: number| no\.?| #| id)?|price|total)\b/gi],
  ['phone', /\b(?:phone|cell|mobile|telephone|call(?: me)?|text(?: me)?|reach(?: me)?|contact|fax|callback|call back|number)\b/gi],
];

/** When two labels end at the same place ("card number" vs "number"), the specific one wins: earlier in CUES. */
const RANK = new Map(CUES.map(([c], i) => [c, i]));

/** How far a label reaches forward: "my date of birth is, let me think, ..." */
export const CUE_WINDOW = 50;

export interface CueIndex {
  /** The label ending closest before `pos` (within CUE_WINDOW), if any. */
  before(pos: number): Cue | undefined;
  /** Whether a label of `cue` starts within `window` characters after `pos` ("1/2/1980 is my birthday"). */
  after(pos: number, cue: Cue, window: number): boolean;
}

export function indexCues(text: string): CueIndex {
  const hits: { cue: Cue; start: number; end: number }[] = [];
  for (const [cue, re] of CUES) for (const m of text.matchAll(re)) hits.push({ cue, start: m.index, end: m.index + m[0].length });
  // Sorted by end so before() is a binary search plus a short scan: transcripts hold many labels and many numbers.
  hits.sort((a, b) => a.end - b.end);
  return {
    before(pos) {
      let lo = 0;
      let hi = hits.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (hits[mid]!.end <= pos) lo = mid + 1;
        else hi = mid;
      }
      let best: (typeof hits)[number] | undefined;
      for (let i = lo - 1; i >= 0 && pos - hits[i]!.end <= CUE_WINDOW; i--) {
        const h = hits[i]!;
        if (!best || h.end > best.end || (h.end === best.end && RANK.get(h.cue)! < RANK.get(best.cue)!)) best = h;
      }
      return best?.cue;
    },
    after(pos, cue, window) {
      return hits.some((h) => h.cue === cue && h.start >= pos && h.start - pos <= window);
    },
  };
}
