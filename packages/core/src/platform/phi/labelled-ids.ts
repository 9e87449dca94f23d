/** Alphanumeric ids after a label: "MRN A1234567", "member id is XYZ 123456789", "policy number 88-123-456". */
import { bounded } from './bounded.ts';
import { isDigit, isLetter, isSpace } from './chars.ts';
import { charge } from './work.ts';

const ID_LABEL = bounded(/\b(mrn|medical record(?: number| no\.?| #)?|chart (?:number|no\.?|#)|patient (?:id|number)|member(?:ship)? (?:id|number|no\.?|#)|policy(?: number| no\.?| #| id)?|subscriber(?: id| number| no\.?| #)?|group(?: number| no\.?| #| id)|insurance (?:id|number))\b/gi);
const MRN_LABELS = ['mrn', 'medical', 'chart', 'patient'];
const FILLER = new Set(['is', 'was', "it's", 'its', 'number', 'no', '#', 'id', ':', 'my', 'the', 'of', 'it', 'um', 'uh']);
/** How many tokens after a label are read. */
const MAX_TOKENS = 8;

type Span = { start: number; end: number; kind: 'MRN' | 'MEMBER_ID' };

export function findLabelledIds(text: string): Span[] {
  const out: Span[] = [];
  charge(text.length);
  for (const m of text.matchAll(ID_LABEL)) {
    const id = idAfter(text, m.index + m[0].length);
    const label = m[1]!.toLowerCase();
    if (id) out.push({ ...id, kind: MRN_LABELS.some((l) => label.startsWith(l)) ? 'MRN' : 'MEMBER_ID' });
  }
  return out;
}

/** A token separator: `[\s,;]`. */
const isBreak = (c: number) => c === 44 || c === 59 || isSpace(c);

/**
 * The id after a label: skip filler ("is", "number", ":"), then take consecutive tokens that
 * contain a digit ("XYZ123456", "123 456 789", "A-99812"). Letters-only tokens end it, so
 * "policy number is pending" redacts nothing. Reads at most 8 tokens, each once.
 */
function idAfter(text: string, from: number): { start: number; end: number } | undefined {
  let start = -1;
  let end = -1;
  let prefix = -1; // a letters-only series code before the digits: "XYZ 123456789"
  let digits = 0;
  let pos = from;
  for (let seen = 0; seen < MAX_TOKENS; seen++) {
    while (pos < text.length && isBreak(text.charCodeAt(pos))) pos++;
    if (pos >= text.length) break;
    const ts = pos;
    while (pos < text.length && !isBreak(text.charCodeAt(pos))) pos++;
    // A sentence's closing punctuation is not part of the id.
    let te = pos;
    while (te > ts && (text.charCodeAt(te - 1) === 46 || text.charCodeAt(te - 1) === 63 || text.charCodeAt(te - 1) === 33)) te--;
    charge(pos - ts + 1);
    const first = start < 0 && prefix < 0;
    if (first && te - ts <= 6 && FILLER.has(text.slice(ts, te).toLowerCase())) continue;
    if (first && te - ts >= 1 && te - ts <= 4 && allUpper(text, ts, te)) {
      prefix = ts;
      continue;
    }
    let tokDigits = 0;
    let clean = true;
    for (let p = ts; p < te && clean; p++) {
      const c = text.charCodeAt(p);
      if (isDigit(c)) tokDigits++;
      else clean = isLetter(c) || c === 35 || c === 45;
    }
    charge(te - ts);
    if (tokDigits === 0 || !clean) break;
    if (start < 0) start = prefix >= 0 ? prefix : ts;
    end = te;
    digits += tokDigits;
  }
  // At least three digits: "our cancellation policy is 24 hours" has no id in it.
  return start >= 0 && digits >= 3 ? { start, end } : undefined;
}

function allUpper(text: string, s: number, e: number): boolean {
  for (let p = s; p < e; p++) {
    const c = text.charCodeAt(p);
    if (c < 65 || c > 90) return false;
  }
  return true;
}
