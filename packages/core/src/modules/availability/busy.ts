/**
 * Busy time as the availability answers read it: bookings, live holds and external calendar blocks in ONE
 * prepared statement and one round trip, scoped to the org. Times come back as epoch milliseconds (a
 * float parse per value instead of a timestamp parse). Writers send the same statement inside their own
 * transaction, right after flipping lapsed holds (bookings/place.ts).
 */
import type { Deps } from '../../platform/deps.ts';
import { statement, type Step } from '../../platform/db/statements.ts';
import type { ResourceRow } from '../resources/index.ts';
import type { Interval } from '../scheduling/index.ts';
import type { SlotRules } from './slots.ts';

// One row per resource (and per external calendar) with its intervals as "start,end,start,end..." in epoch
// milliseconds: a 7-day answer for 10 busy practitioners reads ten rows instead of a thousand, and JS splits
// a string far faster than it parses a thousand rows of timestamps. A hold past expires_at no longer blocks,
// even before the expiry job has flipped its status.
const MS = (col: string) => `round(date_part('epoch', ${col}) * 1000)::bigint`;
const BUSY = statement<{ k: 'r' | 'c'; id: string; t: string }>(
  'busy',
  `select 'r' as k, resource_id as id, string_agg(${MS('blocked_from')} || ',' || ${MS('blocked_until')}, ',') as t
     from bookings
    where resource_id = any($1::text[]) and blocked_from < $3 and blocked_until > $2
      and (status = 'confirmed' or (status = 'held' and expires_at > now()))
      and ($5::text is null or id <> $5::text)
    group by resource_id
   union all
   select 'c', calendar_id, string_agg(${MS('starts_at')} || ',' || ${MS('ends_at')}, ',')
     from calendar_busy_blocks
    where calendar_id = any($4::text[]) and starts_at < $3 and ends_at > $2
    group by calendar_id`,
);

function intervals(t: string): Interval[] {
  const n = t.split(',');
  const out: Interval[] = new Array(n.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = { start: Number(n[2 * i]), end: Number(n[2 * i + 1]) };
  return out;
}

const FRESHNESS = statement<{ calendar_id: string | null; fetched_at: Date | null; connected: boolean }>(
  'busy_freshness',
  `select s.calendar_id, s.fetched_at, exists (select 1 from calendar_connections) as connected
     from (select 1) one left join calendar_syncs s on s.calendar_id = any($1::text[])`,
);

export interface Freshness {
  source: 'none' | 'google';
  calendars: number;
  fetched_at: string | null;
  age_seconds: number | null;
}

export interface BusyData {
  byResource: Map<string, Interval[]>;
  freshness: Freshness;
}

/** The busy-time statement for these resources around [fromMs, toMs), optionally leaving one booking out (a move). */
export function busyStep(resources: ResourceRow[], fromMs: number, toMs: number, rules: SlotRules, excludeBookingId: string | null = null): Step {
  const calendars = [...new Set(resources.map((r) => r.calendar_id).filter((c): c is string => !!c))];
  return [BUSY, [resources.map((r) => r.id), new Date(fromMs - rules.beforeMs), new Date(toMs + rules.durationMs + rules.afterMs), calendars, excludeBookingId]];
}

/** Busy intervals per resource from the rows of busyStep. */
export function busyByResource(resources: ResourceRow[], rows: { k: 'r' | 'c'; id: string; t: string }[]): Map<string, Interval[]> {
  const byResource = new Map<string, Interval[]>(resources.map((r) => [r.id, []]));
  const byCalendar = new Map<string, Interval[]>();
  for (const b of rows) {
    if (b.k === 'r') byResource.get(b.id)?.push(...intervals(b.t));
    else byCalendar.set(b.id, intervals(b.t));
  }
  for (const r of resources) if (r.calendar_id) byResource.get(r.id)!.push(...(byCalendar.get(r.calendar_id) ?? []));
  return byResource;
}

/**
 * Busy intervals per resource that can collide with a slot starting in [fromMs, toMs): a slot occupies
 * [start - before, start + duration + after), so exactly that much margin is read on each side. With
 * `freshness`, also how current the external calendars are.
 */
export async function readBusy(
  deps: Pick<Deps, 'db'>,
  orgId: string,
  resources: ResourceRow[],
  fromMs: number,
  toMs: number,
  rules: SlotRules,
  opts: { freshness?: boolean } = {},
): Promise<BusyData> {
  const freshness: Freshness = { source: 'none', calendars: 0, fetched_at: null, age_seconds: null };
  if (!resources.length) return { byResource: new Map(), freshness };
  const calendars = [...new Set(resources.map((r) => r.calendar_id).filter((c): c is string => !!c))];
  const steps: Step[] = [busyStep(resources, fromMs, toMs, rules)];
  if (opts.freshness && calendars.length) steps.push([FRESHNESS, [calendars]]);
  const [rows, syncs] = (await deps.db.sql.batch({ orgId }, steps)) as [{ k: 'r' | 'c'; id: string; t: string }[], { calendar_id: string | null; fetched_at: Date | null; connected: boolean }[]?];
  const byResource = busyByResource(resources, rows);
  if (syncs?.[0]?.connected) {
    freshness.source = 'google';
    freshness.calendars = calendars.length;
    const times = calendars.map((c) => syncs.find((s) => s.calendar_id === c)?.fetched_at ?? null);
    // The stalest calendar decides: one never-read calendar makes the whole answer unknown-fresh.
    if (times.every((t) => t)) {
      const oldest = Math.min(...times.map((t) => t!.getTime()));
      freshness.fetched_at = new Date(oldest).toISOString();
      freshness.age_seconds = Math.max(0, Math.floor((Date.now() - oldest) / 1000));
    }
  }
  return { byResource, freshness };
}
