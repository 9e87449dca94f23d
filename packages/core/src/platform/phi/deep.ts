/**
 * Redaction of structured values: transcripts (turn by turn, each turn reading the previous one for
 * labels) and arbitrary JSON (summaries, structured data, event and webhook payloads).
 */
import { REDACTED_ALL, redactText } from './redact.ts';
import type { PhiFinding, RedactOptions } from './types.ts';

export interface TranscriptFinding extends PhiFinding {
  /** Index of the turn the span belongs to. */
  turn: number;
}

/**
 * Redacts each turn's text; other fields are kept. The previous turn is the context, because the
 * label is usually in the agent's question and the number in the caller's answer:
 * "What's your member ID?" / "It's 48213377".
 */
export function redactTranscript<T extends { text: string }>(turns: readonly T[], opts: Omit<RedactOptions, 'context'> = {}): { turns: T[]; findings: TranscriptFinding[] } {
  const findings: TranscriptFinding[] = [];
  const list = Array.isArray(turns) ? turns : [];
  const out = list.map((turn, i) => {
    if (!turn || typeof turn !== 'object') return turn;
    const prev = list[i - 1];
    const r = redactText(typeof turn.text === 'string' ? turn.text : '', { ...opts, ...(prev && typeof prev.text === 'string' ? { context: prev.text } : {}) });
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
    return walk(value, undefined, 0, new WeakSet(), opts) as T;
  } catch {
    return REDACTED_ALL as unknown as T;
  }
}

function walk(v: unknown, key: string | undefined, depth: number, seen: WeakSet<object>, opts: RedactOptions): unknown {
  const ctx = key ? { ...opts, context: humanKey(key) } : opts;
  if (typeof v === 'string') return redactText(v, ctx).text;
  if (typeof v === 'number' || typeof v === 'bigint') {
    // 4111111111111111 or a DOB as 19850315 can arrive as a JSON number; redacted it becomes a placeholder string.
    const r = redactText(String(v), ctx);
    return r.findings.length || r.failed ? r.text : v;
  }
  if (v === null || typeof v !== 'object') return v;
  if (depth >= MAX_DEPTH) return REDACTED_ALL;
  if (seen.has(v)) return '[CIRCULAR]';
  seen.add(v);
  try {
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? v : walk(v.toISOString(), key, depth, seen, opts);
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v; // binary (audio) carries no text to redact
    const withJson = v as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return walk(withJson.toJSON(), key, depth + 1, seen, opts);
    if (Array.isArray(v)) return v.map((x) => walk(x, key, depth + 1, seen, opts));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      let name = redactText(k, opts).text;
      // Two keys redacted to the same placeholder must not overwrite each other.
      for (let n = 2; name in out; n++) name = `${redactText(k, opts).text}#${n}`;
      out[name] = walk(x, k, depth + 1, seen, opts);
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

/** `dateOfBirth` / `member_id` -> "date of birth" / "member id", so the label rules read keys like prose. */
function humanKey(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
}
