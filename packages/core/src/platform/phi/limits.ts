/**
 * How much text the redactor scans. Scanning is linear, but linear in a 4 MB webhook body is still a
 * stall, so one text is scanned up to MAX_SCAN_CHARS and one payload or transcript up to
 * MAX_TOTAL_SCAN_CHARS. What lies beyond is not scanned and not kept: it is replaced wholesale by
 * REDACTED_OVERFLOW (fail closed), never stored raw.
 */
import { isSpace } from './chars.ts';
import { charge } from './work.ts';

/** 128 Ki characters of one text: about two hours of speech, far more than any one turn, summary or field. */
export const MAX_SCAN_CHARS = 128 * 1024;
/** 1 Mi characters over all the strings of one payload (redactDeep) or one transcript (redactTranscript). */
export const MAX_TOTAL_SCAN_CHARS = 1024 * 1024;
/** Stands for everything past the limit. */
export const REDACTED_OVERFLOW = '[REDACTED: over the scan limit]';

/** How far back from the limit a cut looks for a sentence end or a space. */
const CUT_WINDOW = 1024;

/**
 * Where to cut `text` so that at most `limit` characters are scanned: the text's length if it fits,
 * else just after the last sentence end (or line break) before the limit, else after the last space,
 * else at the limit but never between the halves of a surrogate pair. Cutting at a sentence end
 * keeps a number or an address from being split in two, half kept and half unseen.
 */
export function scanCut(text: string, limit: number): number {
  if (text.length <= limit) return text.length;
  const floor = Math.max(0, limit - CUT_WINDOW);
  let space = -1;
  for (let c = limit; c > floor; c--) {
    const ch = text.charCodeAt(c - 1);
    if (!isSpace(ch)) continue;
    const before = text.charCodeAt(c - 2);
    if (ch === 10 || before === 46 || before === 63 || before === 33) {
      charge(limit - c + 1);
      return c;
    }
    if (space < 0) space = c;
  }
  charge(limit - floor);
  if (space >= 0) return space;
  const high = text.charCodeAt(limit - 1);
  return limit > 0 && high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit;
}
