/**
 * PHI redaction of free text: every finding is replaced by a typed placeholder (`[SSN]`, `[CARD]`…)
 * before anything is stored, logged or sent. Detection errs towards redacting: a hidden appointment
 * date costs a little readability, a leaked SSN costs a breach report. redactText never throws — a
 * bug in a detector redacts the whole text rather than letting it through.
 *
 * Detection is linear in the text (issue #10): whole-text regexes are bounded (bounded.ts), runs of
 * unbounded length are walked by hand, and each call has a step budget proportional to its input; a
 * scan that runs past it fails closed. Text beyond MAX_SCAN_CHARS is not scanned and not kept.
 */
import { indexCues } from './cues.ts';
import { detectNumbers } from './detect-numbers.ts';
import { detectText } from './detect-text.ts';
import { MAX_SCAN_CHARS, REDACTED_OVERFLOW, scanCut } from './limits.ts';
import { PHI_KINDS, type PhiFinding, type PhiKind, type RedactOptions, type RedactResult } from './types.ts';
import { charge, withBudget } from './work.ts';

/** When findings overlap, the merged span takes the most specific kind. */
const PRIORITY: PhiKind[] = ['SSN', 'CARD', 'MRN', 'MEMBER_ID', 'DOB', 'EMAIL', 'PHONE', 'ADDRESS'];
/** How much of the context (the previous turn) is read for labels. */
const CONTEXT_CHARS = 120;
/**
 * Steps a scan may take per character before it is stopped and the text fully redacted. The crafted
 * inputs of the tests need under 64 (test/platform/phi/linear.test.ts); this leaves room, and still
 * stops a quadratic scanner long before it stalls anything.
 */
const STEPS_PER_CHAR = 256;
const BASE_STEPS = 10_000;
export const REDACTED_ALL = '[REDACTED]';

export function redactText(text: string, opts: RedactOptions = {}): RedactResult {
  return redactWithin(text, opts, MAX_SCAN_CHARS);
}

/** redactText with a lower scan limit: what is left of a payload's budget (deep.ts). */
export function redactWithin(text: string, opts: RedactOptions, limit: number): RedactResult {
  const input = typeof text === 'string' ? text : text == null ? '' : String(text);
  try {
    const cut = scanCut(input, Math.min(limit, MAX_SCAN_CHARS));
    const scanned = cut < input.length ? input.slice(0, cut) : input;
    const findings = findPhi(scanned, opts);
    const placeholder = opts.placeholder ?? ((k: PhiKind) => `[${k}]`);
    let out = '';
    let at = 0;
    for (const f of findings) {
      out += scanned.slice(at, f.start) + placeholder(f.kind);
      at = f.end;
    }
    out += scanned.slice(at);
    return cut < input.length ? { text: out + REDACTED_OVERFLOW, findings, truncated: true } : { text: out, findings };
  } catch {
    return { text: input ? REDACTED_ALL : '', findings: [], failed: true };
  }
}

/**
 * Findings in `text` coordinates, sorted, non-overlapping. Only the first MAX_SCAN_CHARS (or up to
 * the cut before them) are scanned; redactText replaces the rest.
 */
export function findPhi(text: string, opts: Pick<RedactOptions, 'kinds' | 'context'> = {}): PhiFinding[] {
  const scanned = text.length > MAX_SCAN_CHARS ? text.slice(0, scanCut(text, MAX_SCAN_CHARS)) : text;
  // The context is prepended so labels in it ("What's your date of birth?") reach into `text`; its own findings are dropped.
  const prefix = opts.context ? `${String(opts.context).slice(-CONTEXT_CHARS)}\n` : '';
  const full = prefix + scanned;
  return withBudget(BASE_STEPS + STEPS_PER_CHAR * full.length, () => {
    const cues = indexCues(full);
    const kinds = new Set<PhiKind>(opts.kinds ?? PHI_KINDS);
    const raw: PhiFinding[] = [];
    for (const list of [detectNumbers(full, cues), detectText(full, cues)]) {
      for (const f of list) {
        if (!kinds.has(f.kind) || f.end <= prefix.length || f.end <= f.start) continue;
        // Detectors return fresh objects: shifted in place into `text` coordinates.
        f.start = Math.max(f.start, prefix.length) - prefix.length;
        f.end -= prefix.length;
        raw.push(f);
      }
    }
    charge(raw.length);
    return merge(raw);
  });
}

/** Overlapping findings become one span (so no digit of a partly-overlapped number survives), of the highest-priority kind. */
function merge(findings: PhiFinding[]): PhiFinding[] {
  const sorted = findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PhiFinding[] = [];
  for (const f of sorted) {
    const last = out.at(-1);
    if (last && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      if (PRIORITY.indexOf(f.kind) < PRIORITY.indexOf(last.kind)) last.kind = f.kind;
    } else out.push({ ...f });
  }
  return out;
}
