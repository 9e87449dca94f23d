/**
 * The scheduling tools of a live call (issue #5 wires them to the voice pipeline). Each returns ONE
 * short line the agent can say as-is, plus data for the model. The agent may only say "you're booked"
 * when book_appointment returned a confirmation code, so that sentence exists only in that branch.
 */
import type { Deps } from '../../platform/deps.ts';
import { ApiError } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { AuditOrigin } from '../audit/index.ts';
import { contextIn, MAX_RANGE_DAYS, openings, type SchedulingContext, readBusy, catalogOf, type Catalog } from '../availability/index.ts';
import { addDays, formatLocalDate, localDateOf, parseInstantOrDate } from '../scheduling/index.ts';
import { sendSmsFor } from '../sms/index.ts';
import { spokenCode } from './codes.ts';
import { createHoldFor, releaseHoldFor } from './holds.ts';
import { cancelBookingFor, createBookingFor, type BookingActor } from './service.ts';
import { selectBookings } from './repo.ts';
import type { BookingRow } from './view.ts';
import { isE164 } from '../../platform/phone.ts';

export interface VoiceToolContext {
  deps: Deps;
  orgId: string;
  /** The call, recorded as the actor in the audit log. */
  callId?: string;
  /** Caller id, used when the patient gives no number. */
  callerPhone?: string;
}

export interface ToolOutcome {
  ok: boolean;
  /** One sentence for the agent to say. */
  say: string;
  data?: Record<string, unknown>;
}


const actorOf = (ctx: VoiceToolContext): BookingActor => {
  const origin: AuditOrigin = { actorType: 'system', actorId: ctx.callId ?? null, ip: null, userAgent: null, requestId: null };
  return { orgId: ctx.orgId, origin };
};

// Building an Intl formatter costs far more than formatting with one; live tool calls format on every answer.
const spokenFormats = new Map<string, Intl.DateTimeFormat>();

function spokenTime(iso: string | Date, tz: string, withDay = true): string {
  const key = `${tz}|${withDay}`;
  let f = spokenFormats.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = withDay
      ? { timeZone: tz, weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' }
      : { timeZone: tz, hour: 'numeric', minute: '2-digit' };
    if (spokenFormats.size > 500) spokenFormats.clear();
    spokenFormats.set(key, (f = new Intl.DateTimeFormat('en-US', opts)));
  }
  return f.format(typeof iso === 'string' ? new Date(iso) : iso);
}

type ServiceChoice = { id: string; name: string } | { ask: string };

const SERVICE_ID = /^svc_[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The service a caller means: an id, its name (case-insensitive), a word of exactly one service's name
 * ("cleaning" for "Teeth Cleaning"), or, when the caller named none, the org's only service. Decided on
 * the org's cached catalog (live services, by name), so it costs no round trip.
 */
function chooseService(catalog: Catalog, service: string | undefined): ServiceChoice {
  const pick = (s: { id: string; name: string }) => ({ id: s.id, name: s.name });
  const said = service?.trim();
  if (said) {
    if (SERVICE_ID.test(said)) {
      const byId = catalog.service.get(said);
      return byId ? pick(byId) : { ask: "I couldn't find that service." };
    }
    const lower = said.toLowerCase();
    const exact = catalog.services.find((s) => s.name.toLowerCase() === lower);
    if (exact) return pick(exact);
    const partial = catalog.services.filter((s) => s.name.toLowerCase().includes(lower)).slice(0, 4);
    if (partial.length === 1) return pick(partial[0]!);
    if (partial.length > 1) return { ask: `Which service do you mean: ${orList(partial.map((p) => p.name))}?` };
    return { ask: "I couldn't find that service." };
  }
  const all = catalog.services.slice(0, 6);
  if (all.length === 1) return pick(all[0]!);
  if (!all.length) return { ask: "I can't book appointments by phone yet." };
  return { ask: `What kind of visit is it: ${orList(all.slice(0, 5).map((p) => p.name))}?` };
}

const orList = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? ''));

/** Accepts a service id or its name (what a caller says), case-insensitively. */
async function resolveService(ctx: VoiceToolContext, service: string | undefined): Promise<ServiceChoice> {
  return chooseService(await catalogOf(ctx.deps, ctx.orgId), service);
}

const problemLine = (err: unknown): string | null => {
  if (!(err instanceof ApiError)) return null;
  const lines: Record<string, string> = {
    outside_hours: "That time is outside the clinic's hours.",
    slot_in_past: 'That time has already passed.',
    service_has_no_resources: "That service can't be booked by phone yet.",
    recipient_opted_out: 'That number has opted out of text messages, so I can’t text it.',
    not_found: "I couldn't find that.",
  };
  return lines[err.code] ?? null;
};

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

export async function bookAppointment(
  ctx: VoiceToolContext,
  args: { service?: string; starts_at: string; resource_id?: string; patient_name: string; patient_phone?: string; notes?: string },
): Promise<ToolOutcome> {
  const phone = args.patient_phone ?? ctx.callerPhone;
  if (!phone || !isE164(phone)) return { ok: false, say: 'What is the best phone number to reach you?' };
  const service = await resolveService(ctx, args.service);
  if ('ask' in service) return { ok: false, say: service.ask };
  const who = actorOf(ctx);
  const patient = { name: args.patient_name, phone };
  let holdId: string | undefined;
  try {
    // Hold first so the slot is ours while the booking is written; then convert it.
    const hold = await createHoldFor(ctx.deps, who, { service_id: service.id, starts_at: args.starts_at, ...(args.resource_id ? { resource_id: args.resource_id } : {}), patient });
    holdId = hold.id;
    const booking = await createBookingFor(ctx.deps, who, { hold_id: hold.id, patient, notes: args.notes ?? null, source: 'voice' });
    holdId = undefined;
    if (!booking.confirmation_code) return { ok: false, say: "I couldn't confirm that booking. Let me have someone from the clinic call you back." };
    return {
      ok: true,
      say: `You're booked for ${service.name} on ${spokenTime(booking.starts_at, booking.timezone)}. Your confirmation code is ${spokenCode(booking.confirmation_code)}.`,
      data: { booking_id: booking.id, confirmation_code: booking.confirmation_code, starts_at: booking.starts_at },
    };
  } catch (err) {
    if (holdId) await releaseHoldFor(ctx.deps, ctx.orgId, holdId).catch(() => undefined);
    if (err instanceof ApiError && err.code === 'slot_taken') {
      const alts = ((err.extra.alternatives as { starts_at: string }[]) ?? []).map((a) => a.starts_at);
      const catalog = await catalogOf(ctx.deps, ctx.orgId);
      const tz = catalog.location.get(catalog.service.get(service.id)?.location_id ?? '')?.timezone ?? 'UTC';
      const offer = alts.slice(0, 2).map((a) => spokenTime(a, tz));
      return {
        ok: false,
        say: offer.length ? `Sorry, that time was just taken. I can offer ${offer.join(' or ')}.` : 'Sorry, that time was just taken and I have nothing else soon.',
        data: { alternatives: err.extra.alternatives, starts: alts.slice(0, 2) },
      };
    }
    const line = problemLine(err);
    if (line) return { ok: false, say: `I couldn't book that. ${line}` };
    throw err;
  }
}

export interface CancelArgs {
  confirmation_code?: string;
  booking_id?: string;
  patient_phone?: string;
  /** Picks one of several upcoming appointments of the caller (ISO 8601). */
  start?: string;
  reason?: string;
}

/**
 * A code read out on the phone is only good together with the caller's number. Without a code, only the
 * caller's own number (caller id) finds appointments, and only an unambiguous upcoming one is cancelled.
 */
export async function cancelAppointment(ctx: VoiceToolContext, args: CancelArgs): Promise<ToolOutcome> {
  const phone = args.patient_phone ?? ctx.callerPhone;
  const byCallerId = !args.booking_id && !args.confirmation_code;
  if (byCallerId && (!ctx.callerPhone || phone !== ctx.callerPhone)) return { ok: false, say: 'What is the confirmation code of the appointment?' };
  const found: BookingRow[] = await inScope(ctx.deps.knex, { orgId: ctx.orgId }, async (tx) => {
    const q = selectBookings(tx).where('b.kind', 'booking');
    if (args.booking_id) q.where('b.id', args.booking_id);
    else if (args.confirmation_code) q.where('b.confirmation_code', args.confirmation_code.replace(/[\s-]/g, '').toUpperCase());
    else q.where('b.status', 'confirmed').where('b.starts_at', '>', tx.fn.now()).orderBy('b.starts_at').limit(5);
    if (phone) q.where('b.patient_phone', phone);
    return q;
  });
  const startMs = args.start ? Date.parse(args.start) : NaN;
  const matching = Number.isNaN(startMs) ? found : found.filter((b) => b.starts_at.getTime() === startMs);
  if (byCallerId) {
    if (!found.length) return { ok: false, say: "I don't see any upcoming appointments for this phone number." };
    if (matching.length !== 1) {
      const tz = found[0]!.timezone;
      return { ok: false, say: `I see appointments on ${orList(found.slice(0, 3).map((b) => spokenTime(b.starts_at.toISOString(), tz)))}. Which one should I cancel?` };
    }
  }
  const target = matching[0] ?? (byCallerId ? undefined : found[0]);
  if (!target) return { ok: false, say: "I couldn't find an appointment with that code for this phone number." };
  if (target.status === 'cancelled') return { ok: true, say: 'That appointment was already cancelled.', data: { booking_id: target.id } };
  const b = await cancelBookingFor(ctx.deps, actorOf(ctx), target.id, args.reason ?? 'Cancelled by the patient on a call');
  return { ok: true, say: `Your appointment on ${spokenTime(b.starts_at, b.timezone)} is cancelled.`, data: { booking_id: b.id } };
}

export async function sendSms(ctx: VoiceToolContext, args: { body: string; to?: string; booking_id?: string }): Promise<ToolOutcome> {
  const to = args.to ?? ctx.callerPhone;
  if (!to || !isE164(to)) return { ok: false, say: 'What number should I text?' };
  try {
    const m = await sendSmsFor(ctx.deps, actorOf(ctx), { to, body: args.body, ...(args.booking_id ? { booking_id: args.booking_id } : {}) });
    return { ok: true, say: m.status === 'scheduled' ? "I'll text you in the morning; it's too late to send texts now." : "I've sent you a text.", data: { message_id: m.id } };
  } catch (err) {
    const line = problemLine(err);
    if (line) return { ok: false, say: line };
    throw err;
  }
}
