/**
 * Availability: hours (in the location's zone) minus bookings, live holds and external busy time.
 * Also the building blocks bookings use to validate a requested time and to offer alternatives, so a
 * slot the API offers and a slot a booking accepts are decided by the same code.
 */
import type { Deps } from '../../platform/deps.ts';
import { ApiError, badRequest, notFound } from '../../platform/errors.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { QueryOf } from '../../platform/http/types.ts';
import type { LocationRow } from '../locations/index.ts';
import type { ServiceRow } from '../services/index.ts';
import type { ResourceRow } from '../resources/index.ts';
import { mergeIntervals, workingIntervals, type Interval, formatInZone, parseInstantOrDate, assertTimezone } from '../scheduling/index.ts';
import { blockedRange, freeSlots, isFree, withinWorking, type ResourceTime, type SlotRules } from './slots.ts';
import { readBusy, type BusyData } from './busy.ts';
import { catalogOf, type Catalog } from './catalog.ts';

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

/**
 * The service, its location and the resources that may perform it (optionally just one of them), from
 * the org's cached catalog: no round trip unless the catalog changed.
 */
export async function schedulingContext(deps: Pick<Deps, 'db' | 'caches'>, orgId: string, serviceId: string, resourceId?: string): Promise<SchedulingContext> {
  return contextIn(await catalogOf(deps, orgId), serviceId, resourceId);
}

export function contextIn(catalog: Catalog, serviceId: string, resourceId?: string): SchedulingContext {
  const service = catalog.service.get(serviceId);
  if (!service) throw notFound('Service');
  const location = catalog.location.get(service.location_id);
  if (!location) throw notFound('Location');
  let ids = catalog.resourcesOf.get(service.id) ?? [];
  if (resourceId) {
    if (!ids.includes(resourceId)) {
      if (!catalog.resource.has(resourceId)) throw new ApiError(404, 'not_found', 'Resource not found.');
      throw new ApiError(422, 'resource_cannot_perform_service', 'This resource is not assigned to the service.');
    }
    ids = [resourceId];
  }
  return { service, location, resources: ids.map((id) => catalog.resource.get(id)!), rules: rulesOf(service) };
}

export function resourceTimes(ctx: SchedulingContext, busy: Pick<BusyData, 'byResource'>, fromMs: number, toMs: number): ResourceTime[] {
  const closures = ctx.location.closures ?? [];
  return ctx.resources.map((r) => ({
    id: r.id,
    working: workingIntervals({ weekly: r.weekly_hours, exceptions: r.exceptions, closures, tz: ctx.location.timezone, fromMs, toMs }),
    busy: busy.byResource.get(r.id) ?? [],
  }));
}

/** Next free slots from `fromMs` (for a 409's alternatives and the voice agent), at most `count`: one round trip. */
export async function nextFreeSlots(deps: Pick<Deps, 'db'>, orgId: string, ctx: SchedulingContext, fromMs: number, count: number, days = 14) {
  const toMs = fromMs + days * DAY;
  return openings(ctx, await readBusy(deps, orgId, ctx.resources, fromMs, toMs, ctx.rules), fromMs, toMs, count);
}

/** Free slots in [fromMs, toMs) given busy time already read for (at least) that window, at most `count`. */
export function openings(ctx: SchedulingContext, busy: Pick<BusyData, 'byResource'>, fromMs: number, toMs: number, count: number) {
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
  const ctx = await schedulingContext(deps, orgId, query.service, query.resource);
  const tz = query.timezone ?? ctx.location.timezone;
  const from = parseInstantOrDate(query.from, tz);
  const to = parseInstantOrDate(query.to, tz);
  if (!from) throw badRequest('validation_failed', 'from is not a valid date or instant.', { errors: [{ path: '/query/from', message: 'invalid' }] });
  if (!to) throw badRequest('validation_failed', 'to is not a valid date or instant.', { errors: [{ path: '/query/to', message: 'invalid' }] });
  // A date-only `to` means "through that day": the end is the start of the next day in the zone.
  const toMs = to.dateOnly ? parseInstantOrDate(nextDate(query.to), tz)!.ms : to.ms;
  if (toMs <= from.ms) throw badRequest('invalid_range', '`to` must be after `from`.');
  if (toMs - from.ms > MAX_RANGE_DAYS * DAY) throw badRequest('range_too_large', `Ask for at most ${MAX_RANGE_DAYS} days at a time.`);
  const busy = await readBusy(deps, orgId, ctx.resources, from.ms, toMs, ctx.rules, { freshness: true });
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
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
