/**
 * check_availability: up to three open start times. Read-only, and the benchmarked case: calls/tool-calls.ts
 * runs a message holding only this tool on a fast path (availabilityLine) that records in the same round trip.
 */
import { contextIn, MAX_RANGE_DAYS, openings, type SchedulingContext } from '../availability/index.ts';
import { readBusy } from '../availability/index.ts';
import { catalogOf } from '../availability/index.ts';
import { addDays, formatLocalDate, localDateOf, parseInstantOrDate } from '../scheduling/index.ts';
import { day, defined, text } from './args.ts';
import { chooseService, orList, spokenTime } from './spoken.ts';
import { defineTool, fromOutcome, type ToolLine, type ToolOutcome, type VoiceToolContext } from './tool.ts';

const DAY = 86_400_000;
/** How far ahead a search without dates looks: today and the next 13 days. */
const DEFAULT_DAYS = 14;

export interface AvailabilityArgs {
  service?: string;
  /** One whole local day (YYYY-MM-DD). */
  date?: string;
  /** First and last local day (YYYY-MM-DD) or instants; either may be missing. */
  date_from?: string;
  date_to?: string;
  /** An instant to search from (the next two weeks). */
  from?: string;
  resource_id?: string;
}

/**
 * Up to three distinct start times (the caller picks a time, not a practitioner). The catalog is cached,
 * so this is usually one round trip: the busy time of the first day.
 * `data.starts` holds them as ISO 8601 with the clinic's offset, for the model to book with.
 */
export async function checkAvailability(ctx: VoiceToolContext, args: AvailabilityArgs): Promise<ToolOutcome> {
  const catalog = await catalogOf(ctx.deps, ctx.orgId);
  const service = chooseService(catalog, args.service);
  if ('ask' in service) return { ok: false, say: service.ask };
  const sched = contextIn(catalog, service.id, args.resource_id);
  const tz = sched.location.timezone;
  const range = searchRange(args, tz);
  if (!range) return { ok: false, say: "I didn't catch the day. Which day would you like?" };
  const slots = await firstOpenings(ctx, sched, range);
  const starts = [...new Set(slots.map((s) => s.starts_at))].slice(0, OFFERED);
  const oneDay = range.toMs - range.fromMs <= DAY;
  if (!starts.length) {
    return { ok: true, say: `I don't see any openings for ${service.name} ${oneDay ? 'that day' : 'in those days'}.`, data: { service_id: service.id, timezone: tz, slots: [], starts: [] } };
  }
  const firstDay = spokenTime(starts[0]!, tz).replace(/ at .*$/, '');
  const sameDay = starts.every((s) => spokenTime(s, tz).replace(/ at .*$/, '') === firstDay);
  const times = starts.map((s) => (sameDay ? spokenTime(s, tz, false) : spokenTime(s, tz)));
  return {
    ok: true,
    say: sameDay ? `I have ${orList(times)} on ${firstDay}. Which works for you?` : `I have ${orList(times)}. Which works for you?`,
    data: { service_id: service.id, timezone: tz, slots: slots.slice(0, 10), starts },
  };
}

/** How many start times a caller is offered at once: more is hard to remember on the phone. */
const OFFERED = 3;

/**
 * The first openings in the window. A caller takes one of the first few, so the first 24 hours are searched
 * alone and the rest only when they hold fewer than OFFERED starts. The busy time of the whole window is one
 * statement either way (aggregated per resource, it costs about the same as one day's), so widening the
 * search costs arithmetic, not another round trip: this is the hot path of a live call.
 */
async function firstOpenings(ctx: VoiceToolContext, sched: SchedulingContext, range: { fromMs: number; toMs: number }) {
  // Enough slots for OFFERED distinct starts even when every resource is free at each of them.
  const want = OFFERED * Math.max(1, sched.resources.length);
  const busy = await readBusy(ctx.deps, ctx.orgId, sched.resources, range.fromMs, range.toMs, sched.rules);
  const firstEnd = Math.min(range.toMs, range.fromMs + DAY);
  const first = openings(sched, busy, range.fromMs, firstEnd, want);
  if (firstEnd >= range.toMs || new Set(first.map((s) => s.starts_at)).size >= OFFERED) return first;
  return openings(sched, busy, range.fromMs, range.toMs, want);
}

/** The searched window in ms: whole local days for dates, never more than the availability API allows. */
function searchRange(args: AvailabilityArgs, tz: string): { fromMs: number; toMs: number } | null {
  const fromRaw = args.date ?? args.date_from ?? args.from;
  const toRaw = args.date ?? args.date_to;
  const now = Date.now();
  const from = fromRaw ? parseInstantOrDate(fromRaw, tz) : { ms: now, dateOnly: false };
  if (!from) return null;
  let toMs: number;
  if (toRaw) {
    const to = parseInstantOrDate(toRaw, tz);
    if (!to) return null;
    // A last day counts whole: the window ends where the next local day starts.
    toMs = to.dateOnly ? parseInstantOrDate(formatLocalDate(addDays(localDateOf(to.ms, tz), 1)), tz)!.ms : to.ms;
  } else {
    toMs = (from.dateOnly ? from.ms : Math.max(from.ms, now)) + DEFAULT_DAYS * DAY;
  }
  // A window in the past still searches from now (slots before now are never offered anyway).
  const fromMs = Math.max(from.ms, Math.min(now, toMs - DAY));
  if (toMs <= fromMs) return null;
  return { fromMs, toMs: Math.min(toMs, fromMs + MAX_RANGE_DAYS * DAY) };
}

/** The answer with the offered start times appended for the model to book with. */
export async function availabilityLine(ctx: VoiceToolContext, args: AvailabilityArgs): Promise<ToolLine> {
  const o = await checkAvailability(ctx, args);
  return fromOutcome(o, o.ok ? o.data?.starts : undefined);
}

export const checkAvailabilityTool = defineTool({
  name: 'check_availability',
  spec: {
    name: 'check_availability',
    description: 'Find open appointment times. Call before offering times to the caller.',
    parameters: {
      type: 'object',
      properties: {
        date_from: { type: 'string', description: 'First day to search, YYYY-MM-DD, in the clinic time zone' },
        date_to: { type: 'string', description: 'Last day to search, YYYY-MM-DD' },
        service: { type: 'string', description: 'The kind of visit, e.g. cleaning or consultation' },
      },
      required: ['date_from'],
    },
  },
  writes: false,
  parse: (raw): { date_from?: string; date_to?: string; service?: string } =>
    defined({ date_from: day(raw, 'date_from'), date_to: day(raw, 'date_to'), service: text(raw, 'service', { max: 200 }) }),
  handle: availabilityLine,
});
