/**
 * Defensive readers for vendor JSON. Webhook bodies are untrusted and their shape drifts between
 * vendor API versions, so parsers read fields through these instead of casting.
 */

export type JsonObject = Record<string, unknown>;

export function asObject(v: unknown): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

export function asNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** First argument that is a non-empty string. */
export function firstString(...vs: unknown[]): string | null {
  for (const v of vs) {
    const s = asString(v);
    if (s !== null) return s;
  }
  return null;
}

/** Accepts epoch milliseconds, epoch seconds or an ISO string; returns ISO 8601 or null. */
export function toIsoTime(v: unknown): string | null {
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const n = asNumber(v);
  if (n === null) return null;
  const ms = n > 1e11 ? n : n * 1000;
  return new Date(ms).toISOString();
}

/** Tool-call arguments arrive as an object or as a JSON string; anything else becomes {}. */
export function parseArguments(v: unknown): JsonObject {
  if (typeof v === 'string') {
    try {
      return asObject(JSON.parse(v)) ?? {};
    } catch {
      return {};
    }
  }
  return asObject(v) ?? {};
}
