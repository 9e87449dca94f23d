/**
 * Redaction of structured values: transcripts (turn by turn, each turn reading the previous one for
 * labels) and arbitrary JSON (summaries, structured data, event and webhook payloads). One call scans
 * at most MAX_TOTAL_SCAN_CHARS over all its strings; once that is spent, further strings are replaced
 * by REDACTED_OVERFLOW (fail closed).
 */
import { MAX_TOTAL_SCAN_CHARS } from './limits.ts';
import { REDACTED_ALL, redactWithin } from './redact.ts';
import type { PhiFinding, RedactOptions, RedactResult } from './types.ts';
import { charge } from './work.ts';

export interface TranscriptFinding extends PhiFinding {
  /** Index of the turn the span belongs to. */
  turn: number;
}

/** What is left of one call's scan allowance. */
class Allowance {
  left = MAX_TOTAL_SCAN_CHARS;

  redact(text: string, opts: RedactOptions): RedactResult {
    const r = redactWithin(text, opts, this.left);
    this.left = Math.max(0, this.left - (typeof text === 'string' ? text.length : 0));
    return r;
  }
}

/**
 * Redacts each turn's text; other fields are kept. The previous turn is the context, because the
 * label is usually in the agent's question and the number in the caller's answer:
 * "What's your member ID?" / "It's 48213377".
 */
export function redactTranscript<T extends { text: string }>(turns: readonly T[], opts: Omit<RedactOptions, 'context'> = {}): { turns: T[]; findings: TranscriptFinding[] } {
  const findings: TranscriptFinding[] = [];
  const list = Array.isArray(turns) ? turns : [];
  const allowance = new Allowance();
  const out = list.map((turn, i) => {
    if (!turn || typeof turn !== 'object') return turn;
    const prev = list[i - 1];
    const r = allowance.redact(typeof turn.text === 'string' ? turn.text : '', { ...opts, ...(prev && typeof prev.text === 'string' ? { context: prev.text } : {}) });
    for (const f of r.findings) findings.push({ ...f, turn: i });
    return { ...turn, text: r.text };
  });
  return { turns: out, findings };
}

/** Guards against hostile or accidental nesting; deeper values are replaced, not walked. */
const MAX_DEPTH = 64;

/**
 * A copy of `value` with every string redacted — keys too, since payloads are sometimes keyed by
 * phone number. A string's key is its label context, so `{ "ssn": "123456789" }` is caught even
 * without words around the number; numbers under such keys are checked the same way. Never throws:
 * cycles become "[CIRCULAR]", anything unreadable "[REDACTED]".
 */
export function redactDeep<T>(value: T, opts: Omit<RedactOptions, 'context'> = {}): T {
  try {
    return walk(value, undefined, 0, new WeakSet(), opts, new Allowance()) as T;
  } catch {
    return REDACTED_ALL as unknown as T;
  }
}

function walk(v: unknown, key: string | undefined, depth: number, seen: WeakSet<object>, opts: RedactOptions, allowance: Allowance): unknown {
  const ctx = key ? { ...opts, context: humanKey(key) } : opts;
  if (typeof v === 'string') return allowance.redact(v, ctx).text;
  if (typeof v === 'number' || typeof v === 'bigint') {
    // 4111111111111111 or a DOB as 19850315 can arrive as a JSON number; redacted it becomes a placeholder string.
    const r = allowance.redact(String(v), ctx);
    return r.findings.length || r.failed || r.truncated ? r.text : v;
  }
  if (v === null || typeof v !== 'object') return v;
  if (depth >= MAX_DEPTH) return REDACTED_ALL;
  if (seen.has(v)) return '[CIRCULAR]';
  seen.add(v);
  try {
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? v : walk(v.toISOString(), key, depth, seen, opts, allowance);
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v; // binary (audio) carries no text to redact
    const withJson = v as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return walk(withJson.toJSON(), key, depth + 1, seen, opts, allowance);
    if (Array.isArray(v)) return v.map((x) => walk(x, key, depth + 1, seen, opts, allowance));
    const out: Record<string, unknown> = {};
    // Two keys redacted to the same placeholder must not overwrite each other: the next free "#n" per name,
    // remembered, so a thousand phone-number keys cost a thousand steps, not half a million.
    const nextSuffix = new Map<string, number>();
    for (const [k, x] of Object.entries(v)) {
      const base = allowance.redact(k, opts).text;
      let name = base;
      let n = nextSuffix.get(base) ?? 2;
      while (Object.hasOwn(out, name)) {
        charge(1);
        name = `${base}#${n++}`;
      }
      nextSuffix.set(base, n);
      // Defined, not assigned: a "__proto__" key must stay a key, not become the copy's prototype.
      Object.defineProperty(out, name, { value: walk(x, k, depth + 1, seen, opts, allowance), enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

/** `dateOfBirth` / `member_id` -> "date of birth" / "member id", so the label rules read keys like prose. */
function humanKey(key: string): string {
  const k = key;
  let out = '';
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c === 95 || c === 45) {
      if (i === 0 || (k.charCodeAt(i - 1) !== 95 && k.charCodeAt(i - 1) !== 45)) out += ' ';
      continue;
    }
    const prev = i > 0 ? k.charCodeAt(i - 1) : -1;
    if (c >= 65 && c <= 90 && prev >= 97 && prev <= 122) out += ' ';
    out += k[i];
  }
  charge(k.length);
  return out.toLowerCase();
}
