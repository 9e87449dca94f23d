/**
 * Availability: hours (in the location's zone) minus bookings, live holds and external busy time.
 * Also the building blocks bookings use to validate a requested time and to offer alternatives, so a
 * slot the API offers and a slot a booking accepts are decided by the same code.
 */
import type { Deps } from '../../platform/deps.ts';
import { ApiError, badRequest } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { QueryOf } from '../../platform/http/types.ts';
import { loadLocation } from '../locations/service.ts';
import type { LocationRow } from '../locations/view.ts';
import { loadService, serviceResourceIds } from '../services/service.ts';
import type { ServiceRow } from '../services/view.ts';
import type { ResourceRow } from '../resources/view.ts';
import { mergeIntervals, workingIntervals, type Interval } from '../scheduling/hours.ts';
import { formatInZone, parseInstantOrDate } from '../scheduling/time.ts';
import { assertTimezone } from '../scheduling/validate.ts';
import { blockedRange, freeSlots, isFree, withinWorking, type ResourceTime, type SlotRules } from './slots.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
export const MAX_RANGE_DAYS = 31;

export interface SchedulingContext {
  service: ServiceRow;
  location: LocationRow;
  resources: ResourceRow[];
  rules: SlotRules;
}

export function rulesOf(service: ServiceRow): SlotRules {
  return {
    durationMs: service.duration_minutes * MINUTE,
    beforeMs: service.buffer_before_minutes * MINUTE,
    afterMs: service.buffer_after_minutes * MINUTE,
    stepMs: service.slot_interval_minutes * MINUTE,
  };
}

/** The service, its location and the resources that may perform it (optionally just one of them). */
export async function loadContext(tx: Tx, serviceId: string, resourceId?: string): Promise<SchedulingContext> {
  const service = await loadService(tx, serviceId);
  const location = await loadLocation(tx, service.location_id);
  let ids = await serviceResourceIds(tx, service.id);
  if (resourceId) {
    if (!ids.includes(resourceId)) {
      const exists = await tx('resources').where({ id: resourceId }).whereNull('deleted_at').first('id');
      if (!exists) throw new ApiError(404, 'not_found', 'Resource not found.');
      throw new ApiError(422, 'resource_cannot_perform_service', 'This resource is not assigned to the service.');
    }
    ids = [resourceId];
  }
  const resources: ResourceRow[] = ids.length ? await tx('resources').whereIn('id', ids).orderBy('id') : [];
  return { service, location, resources, rules: rulesOf(service) };
}

export interface BusyData {
  byResource: Map<string, Interval[]>;
  freshness: { source: 'none' | 'google'; calendars: number; fetched_at: string | null; age_seconds: number | null };
}

/** Bookings, live holds and external busy blocks that may touch [fromMs, toMs) on these resources. */
export async function loadBusy(tx: Tx, resources: ResourceRow[], fromMs: number, toMs: number, excludeBookingId?: string): Promise<BusyData> {
  const byResource = new Map<string, Interval[]>(resources.map((r) => [r.id, []]));
  const freshness: BusyData['freshness'] = { source: 'none', calendars: 0, fetched_at: null, age_seconds: null };
  if (!resources.length) return { byResource, freshness };
  // A day of margin covers any service's duration plus buffers reaching into the window.
  const lo = new Date(fromMs - DAY);
  const hi = new Date(toMs + DAY);
  const q = tx('bookings')
    .whereIn('resource_id', resources.map((r) => r.id))
    .where('blocked_from', '<', hi)
    .where('blocked_until', '>', lo)
    // A hold past expires_at no longer blocks, even before the expiry job has flipped its status.
    .where((w) => w.where('status', 'confirmed').orWhere((h) => h.where('status', 'held').where('expires_at', '>', tx.fn.now())))
    .select('resource_id', 'blocked_from', 'blocked_until');
  if (excludeBookingId) q.whereNot('id', excludeBookingId);
  for (const b of (await q) as { resource_id: string; blocked_from: Date; blocked_until: Date }[]) {
    byResource.get(b.resource_id)!.push({ start: b.blocked_from.getTime(), end: b.blocked_until.getTime() });
  }

  const calendars = [...new Set(resources.map((r) => r.calendar_id).filter((c): c is string => !!c))];
  if (calendars.length) {
    const blocks: { calendar_id: string; starts_at: Date; ends_at: Date }[] = await tx('calendar_busy_blocks')
      .whereIn('calendar_id', calendars)
      .where('starts_at', '<', hi)
      .where('ends_at', '>', lo)
      .select('calendar_id', 'starts_at', 'ends_at');
    for (const r of resources) {
      if (!r.calendar_id) continue;
      for (const b of blocks) if (b.calendar_id === r.calendar_id) byResource.get(r.id)!.push({ start: b.starts_at.getTime(), end: b.ends_at.getTime() });
    }
    const syncs: { calendar_id: string; fetched_at: Date | null }[] = await tx('calendar_syncs').whereIn('calendar_id', calendars).select('calendar_id', 'fetched_at');
    const connected = await tx('calendar_connections').first('id');
    if (connected) {
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
  }
  return { byResource, freshness };
}

export function resourceTimes(ctx: SchedulingContext, busy: BusyData, fromMs: number, toMs: number): ResourceTime[] {
  const closures = ctx.location.closures ?? [];
  return ctx.resources.map((r) => ({
    id: r.id,
    working: workingIntervals({ weekly: r.weekly_hours, exceptions: r.exceptions, closures, tz: ctx.location.timezone, fromMs, toMs }),
    busy: busy.byResource.get(r.id) ?? [],
  }));
}

/** Next free slots from `fromMs` (for a 409's alternatives and the voice agent), at most `count`. */
export async function nextFreeSlots(tx: Tx, ctx: SchedulingContext, fromMs: number, count: number, days = 14) {
  const toMs = fromMs + days * DAY;
  const busy = await loadBusy(tx, ctx.resources, fromMs, toMs);
  const { slots } = freeSlots(resourceTimes(ctx, busy, fromMs, toMs), ctx.rules, { fromMs, toMs, notBeforeMs: Date.now() }, count);
  return slots.map((s) => ({ starts_at: formatInZone(s.start, ctx.location.timezone), ends_at: formatInZone(s.end, ctx.location.timezone), resource_id: s.resourceId }));
}

export type BookableVerdict = { ok: true } | { ok: false; reason: 'in_past' | 'outside_hours' | 'busy' };

/**
 * Whether one resource can take the appointment at `startMs`, by hours and by everything this
 * transaction can see. Overlaps with other bookings are re-checked by the database's exclusion
 * constraint at insert, which is the actual guarantee; this answers the friendlier question first.
 */
export function judgeSlot(ctx: SchedulingContext, resource: ResourceTime, startMs: number): BookableVerdict {
  if (startMs < Date.now()) return { ok: false, reason: 'in_past' };
  if (!withinWorking(resource.working, startMs, ctx.rules.durationMs)) return { ok: false, reason: 'outside_hours' };
  const b = blockedRange(startMs, ctx.rules);
  if (!isFree(mergeIntervals(resource.busy), b.start, b.end)) return { ok: false, reason: 'busy' };
  return { ok: true };
}

export const getAvailability = (deps: Deps, actor: Actor, query: QueryOf<'getAvailability'>) => getAvailabilityFor(deps, actor.orgId, query);

export async function getAvailabilityFor(deps: Deps, orgId: string, query: QueryOf<'getAvailability'>) {
  if (query.timezone) assertTimezone(query.timezone, '/query/timezone');
  return inScope(deps.knex, { orgId }, async (tx) => {
    const ctx = await loadContext(tx, query.service, query.resource);
    const tz = query.timezone ?? ctx.location.timezone;
    const from = parseInstantOrDate(query.from, tz);
    const to = parseInstantOrDate(query.to, tz);
    if (!from) throw badRequest('validation_failed', 'from is not a valid date or instant.', { errors: [{ path: '/query/from', message: 'invalid' }] });
    if (!to) throw badRequest('validation_failed', 'to is not a valid date or instant.', { errors: [{ path: '/query/to', message: 'invalid' }] });
    // A date-only `to` means "through that day": the end is the start of the next day in the zone.
    const toMs = to.dateOnly ? (parseInstantOrDate(nextDate(query.to), tz)!.ms) : to.ms;
    if (toMs <= from.ms) throw badRequest('invalid_range', '`to` must be after `from`.');
    if (toMs - from.ms > MAX_RANGE_DAYS * DAY) throw badRequest('range_too_large', `Ask for at most ${MAX_RANGE_DAYS} days at a time.`);
    const busy = await loadBusy(tx, ctx.resources, from.ms, toMs);
    const { slots, truncated } = freeSlots(resourceTimes(ctx, busy, from.ms, toMs), ctx.rules, { fromMs: from.ms, toMs, notBeforeMs: Date.now() }, query.limit ?? 200);
    return {
      object: 'availability' as const,
      service_id: ctx.service.id,
      location_id: ctx.location.id,
      timezone: tz,
      from: formatInZone(from.ms, tz),
      to: formatInZone(toMs, tz),
      slots: slots.map((s) => ({ starts_at: formatInZone(s.start, tz), ends_at: formatInZone(s.end, tz), resource_id: s.resourceId })),
      truncated,
      external_busy: busy.freshness,
    };
  });
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
