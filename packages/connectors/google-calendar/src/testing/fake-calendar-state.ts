/**
 * In-memory Google calendars for the fake: events as Google JSON, a per-calendar modification
 * counter that sync tokens point into (so an incremental list returns exactly what changed since),
 * cancelled tombstones for deletions, and free/busy computed from opaque, non-cancelled events.
 */
import { randomBytes } from 'node:crypto';
import type { calendar_v3 } from '@googleapis/calendar';
import { expandSeries, parseRecurrence } from './fake-recurrence.ts';

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

/** Google returns a deleted event to incremental sync as a bare tombstone (an instance keeps its series link). */
function listed(json: GoogleEvent): GoogleEvent {
  if (json.status !== 'cancelled') return json;
  return {
    kind: 'calendar#event',
    etag: json.etag!,
    id: json.id!,
    status: 'cancelled',
    ...(json.recurringEventId ? { recurringEventId: json.recurringEventId, originalStartTime: json.originalStartTime! } : {}),
  };
}

/**
 * A series' occurrences as `singleEvents=true` lists them: generated instances, each replaced by its stored
 * exception (a moved or cancelled occurrence) when there is one; all cancelled when the series is.
 */
export function occurrences(cal: FakeCalendar, series: GoogleEvent): GoogleEvent[] {
  return expandSeries(series).map((inst) => {
    const exception = cal.events.get(inst.id!)?.json;
    const occ = exception ?? { ...inst, etag: series.etag! };
    return series.status === 'cancelled' ? { ...occ, status: 'cancelled' } : occ;
  });
}

/** The stored series of an exception, if it is still there. */
const seriesOf = (cal: FakeCalendar, e: GoogleEvent) => (e.recurringEventId ? cal.events.get(e.recurringEventId)?.json : undefined);

export interface ListOptions {
  /** A full list when undefined; else what changed since this modification sequence. */
  sinceSeq: number | undefined;
  showDeleted: boolean;
  singleEvents: boolean;
  orderByStartTime: boolean;
}

/**
 * Events for a full list or changed since `sinceSeq`, oldest change first (or by start time).
 * Without singleEvents: series masters (with `recurrence`) and their exceptions as stored; Google also lists
 * cancelled exceptions there when showDeleted is false. With singleEvents: one event per occurrence.
 */
export function listEvents(cal: FakeCalendar, o: ListOptions): GoogleEvent[] {
  const changed = [...cal.events.values()].filter((e) => o.sinceSeq === undefined || e.modSeq > o.sinceSeq).sort((a, b) => a.modSeq - b.modSeq);
  const out = new Map<string, GoogleEvent>();
  const keep = (e: GoogleEvent) => o.sinceSeq !== undefined || o.showDeleted || e.status !== 'cancelled';
  for (const { json } of changed) {
    if (!o.singleEvents) {
      if (keep(json) || (json.recurringEventId && json.status === 'cancelled')) out.set(json.id!, listed(json));
      continue;
    }
    if (json.recurrence) {
      for (const occ of occurrences(cal, json)) if (keep(occ)) out.set(occ.id!, listed(occ));
    } else if (keep(json) && !(o.sinceSeq === undefined && seriesOf(cal, json))) {
      // An exception is listed in its series' place on a full list, and on its own when it changed.
      out.set(json.id!, listed(json));
    }
  }
  const items = [...out.values()];
  if (o.orderByStartTime) items.sort((a, b) => boundaryMs(a.start) - boundaryMs(b.start));
  return items;
}

/** Busy intervals in [minMs, maxMs), clipped to it and merged where they touch or overlap; series expanded. */
export function busyBlocks(cal: FakeCalendar, minMs: number, maxMs: number): { start: string; end: string }[] {
  const spans = [...cal.events.values()]
    .map((e) => e.json)
    .flatMap((e) => (e.recurrence ? occurrences(cal, e) : seriesOf(cal, e) ? [] : [e]))
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
  if (e.recurrence?.length) {
    // Google expands a series in its start time zone and refuses a series without one.
    if (!e.start?.date && !e.start?.timeZone) return 'Missing time zone definition for start time.';
    try {
      parseRecurrence(e.recurrence);
    } catch (err) {
      return `Invalid recurrence rule: ${(err as Error).message}`;
    }
  }
  const priv = e.extendedProperties?.private ?? {};
  if (Object.values(priv).some((v) => typeof v !== 'string')) return 'Invalid extended property value.';
  return undefined;
}
