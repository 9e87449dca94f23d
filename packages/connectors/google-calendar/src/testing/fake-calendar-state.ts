/**
 * In-memory Google calendars for the fake: events as Google JSON, a per-calendar modification
 * counter that sync tokens point into (so an incremental list returns exactly what changed since),
 * cancelled tombstones for deletions, and free/busy computed from opaque, non-cancelled events.
 */
import { randomBytes } from 'node:crypto';
import type { calendar_v3 } from '@googleapis/calendar';

export type GoogleEvent = calendar_v3.Schema$Event;

export interface FakeCalendar {
  id: string;
  timeZone: string;
  /** Stable id of the calendar's events collection, as watch() reports it. */
  resourceId: string;
  events: Map<string, { json: GoogleEvent; modSeq: number }>;
  seq: number;
  /** Sync token -> the seq it was issued at. Invalidation clears it (then Google answers 410). */
  syncTokens: Map<string, number>;
}

export const GOOGLE_EVENT_ID = /^[a-v0-9]{5,1024}$/;

export const opaqueId = (bytes = 12) => randomBytes(bytes).toString('hex');

export function newCalendar(id: string, timeZone = 'America/New_York'): FakeCalendar {
  return { id, timeZone, resourceId: opaqueId(14), events: new Map(), seq: 0, syncTokens: new Map() };
}

/** Instant (ms) of an event boundary; all-day dates count from UTC midnight (good enough for a fake). */
export function boundaryMs(t: calendar_v3.Schema$EventDateTime | undefined): number {
  if (t?.dateTime) return Date.parse(t.dateTime);
  if (t?.date) return Date.parse(`${t.date}T00:00:00Z`);
  return NaN;
}

/** Stores a created or modified event, giving it a new etag and modification sequence. */
export function touch(cal: FakeCalendar, json: GoogleEvent): GoogleEvent {
  cal.seq += 1;
  const now = new Date().toISOString();
  const prev = cal.events.get(json.id!)?.json;
  const stored: GoogleEvent = {
    ...json,
    kind: 'calendar#event',
    etag: `"${Date.now()}${String(cal.seq).padStart(6, '0')}"`,
    created: prev?.created ?? now,
    updated: now,
    sequence: prev ? (prev.sequence ?? 0) + 1 : 0,
    iCalUID: prev?.iCalUID ?? `${json.id}@google.com`,
    htmlLink: `https://www.google.com/calendar/event?eid=${json.id}`,
  };
  cal.events.set(json.id!, { json: stored, modSeq: cal.seq });
  return stored;
}

export function issueSyncToken(cal: FakeCalendar, atSeq = cal.seq): string {
  const token = `CP${opaqueId(16)}`;
  cal.syncTokens.set(token, atSeq);
  return token;
}

/** Google returns a deleted event to incremental sync as a bare tombstone. */
function listed(json: GoogleEvent): GoogleEvent {
  return json.status === 'cancelled' ? { kind: 'calendar#event', etag: json.etag!, id: json.id!, status: 'cancelled' } : json;
}

/** Events for a full list (no tombstones unless showDeleted) or changed since `sinceSeq`, oldest change first. */
export function changedEvents(cal: FakeCalendar, sinceSeq: number | undefined, showDeleted: boolean): GoogleEvent[] {
  return [...cal.events.values()]
    .filter((e) => (sinceSeq === undefined ? showDeleted || e.json.status !== 'cancelled' : e.modSeq > sinceSeq))
    .sort((a, b) => a.modSeq - b.modSeq)
    .map((e) => listed(e.json));
}

/** Busy intervals in [minMs, maxMs), clipped to it and merged where they touch or overlap. */
export function busyBlocks(cal: FakeCalendar, minMs: number, maxMs: number): { start: string; end: string }[] {
  const spans = [...cal.events.values()]
    .map((e) => e.json)
    .filter((e) => e.status !== 'cancelled' && e.transparency !== 'transparent')
    .map((e) => [Math.max(boundaryMs(e.start), minMs), Math.min(boundaryMs(e.end), maxMs)] as const)
    .filter(([s, e]) => s < e)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of spans) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged.map(([s, e]) => ({ start: new Date(s).toISOString(), end: new Date(e).toISOString() }));
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Google patch semantics: nested objects merge, arrays and scalars replace. */
export function mergePatch<T extends Record<string, unknown>>(base: T, patch: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergePatch(out[k] as Record<string, unknown>, v) : v;
  }
  return out as T;
}

/** The checks Google applies to an event body; returns the error message or undefined. */
export function invalidEvent(e: GoogleEvent): string | undefined {
  if (e.id !== undefined && e.id !== null && !GOOGLE_EVENT_ID.test(e.id)) return 'Invalid resource id value.';
  const s = boundaryMs(e.start ?? undefined);
  const end = boundaryMs(e.end ?? undefined);
  if (Number.isNaN(s)) return 'Missing or invalid start time.';
  if (Number.isNaN(end)) return 'Missing or invalid end time.';
  if (end <= s) return 'The specified time range is empty.';
  const priv = e.extendedProperties?.private ?? {};
  if (Object.values(priv).some((v) => typeof v !== 'string')) return 'Invalid extended property value.';
  return undefined;
}
