/**
 * PHI redaction of free text: every finding is replaced by a typed placeholder (`[SSN]`, `[CARD]`…)
 * before anything is stored, logged or sent. Detection errs towards redacting: a hidden appointment
 * date costs a little readability, a leaked SSN costs a breach report. redactText never throws — a
 * bug in a detector redacts the whole text rather than letting it through.
 */
import { indexCues } from './cues.ts';
import { detectNumbers } from './detect-numbers.ts';
import { detectText } from './detect-text.ts';
import { PHI_KINDS, type PhiFinding, type PhiKind, type RedactOptions, type RedactResult } from './types.ts';

/** When findings overlap, the merged span takes the most specific kind. */
const PRIORITY: PhiKind[] = ['SSN', 'CARD', 'MRN', 'MEMBER_ID', 'DOB', 'EMAIL', 'PHONE', 'ADDRESS'];
/** How much of the context (the previous turn) is read for labels. */
const CONTEXT_CHARS = 120;
export const REDACTED_ALL = '[REDACTED]';

export function redactText(text: string, opts: RedactOptions = {}): RedactResult {
  const input = typeof text === 'string' ? text : text == null ? '' : String(text);
  try {
    const findings = findPhi(input, opts);
    const placeholder = opts.placeholder ?? ((k: PhiKind) => `[${k}]`);
    let out = '';
    let at = 0;
    for (const f of findings) {
      out += input.slice(at, f.start) + placeholder(f.kind);
      at = f.end;
    }
    return { text: out + input.slice(at), findings };
  } catch {
    return { text: input ? REDACTED_ALL : '', findings: [], failed: true };
  }
}

/** Findings in `text` coordinates, sorted, non-overlapping. */
export function findPhi(text: string, opts: Pick<RedactOptions, 'kinds' | 'context'> = {}): PhiFinding[] {
  // The context is prepended so labels in it ("What's your date of birth?") reach into `text`; its own findings are dropped.
  const prefix = opts.context ? `${opts.context.slice(-CONTEXT_CHARS)}\n` : '';
  const full = prefix + text;
  const cues = indexCues(full);
  const kinds = new Set<PhiKind>(opts.kinds ?? PHI_KINDS);
  const raw = [...detectNumbers(full, cues), ...detectText(full, cues)]
    .filter((f) => kinds.has(f.kind) && f.end > prefix.length && f.end > f.start)
    .map((f) => ({ kind: f.kind, start: Math.max(f.start, prefix.length) - prefix.length, end: f.end - prefix.length }));
  return merge(raw);
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
