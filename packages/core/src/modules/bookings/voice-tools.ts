/**
 * The scheduling tools of a live call (issue #5 wires them to the voice pipeline). Each returns ONE
 * short line the agent can say as-is, plus data for the model. The agent may only say "you're booked"
 * when book_appointment returned a confirmation code, so that sentence exists only in that branch.
 */
import type { Deps } from '../../platform/deps.ts';
import { ApiError } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { AuditOrigin } from '../audit/service.ts';
import { getAvailabilityFor } from '../availability/service.ts';
import { sendSmsFor } from '../sms/service.ts';
import { spokenCode } from './codes.ts';
import { createHoldFor, releaseHoldFor } from './holds.ts';
import { cancelBookingFor, createBookingFor, type BookingActor } from './service.ts';
import { selectBookings } from './repo.ts';
import type { BookingRow } from './view.ts';

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

function spokenTime(iso: string, tz: string, withDay = true): string {
  const opts: Intl.DateTimeFormatOptions = withDay
    ? { timeZone: tz, weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' }
    : { timeZone: tz, hour: 'numeric', minute: '2-digit' };
  return new Intl.DateTimeFormat('en-US', opts).format(new Date(iso));
}

/** Accepts a service id or its name (what a caller says), case-insensitively. */
async function resolveService(ctx: VoiceToolContext, service: string): Promise<{ id: string; name: string } | null> {
  return inScope(ctx.deps.knex, { orgId: ctx.orgId }, async (tx) => {
    const q = tx('services').whereNull('deleted_at');
    if (/^svc_[0-9A-HJKMNP-TV-Z]{26}$/.test(service)) q.where({ id: service });
    else q.whereRaw('lower(name) = lower(?)', [service.trim()]);
    return (await q.first('id', 'name')) ?? null;
  });
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

export async function checkAvailability(ctx: VoiceToolContext, args: { service: string; date?: string; from?: string; resource_id?: string }): Promise<ToolOutcome> {
  const service = await resolveService(ctx, args.service);
  if (!service) return { ok: false, say: "I couldn't find that service." };
  const start = args.from ?? new Date().toISOString();
  // A date means that whole local day; otherwise the next two weeks.
  const availability = await getAvailabilityFor(ctx.deps, ctx.orgId, {
    service: service.id,
    from: args.date ?? start,
    to: args.date ?? new Date(Date.parse(start) + 14 * 86_400_000).toISOString(),
    ...(args.resource_id ? { resource: args.resource_id } : {}),
    limit: 50,
  });
  // Distinct start times: the caller picks a time, not a practitioner.
  const starts = [...new Set(availability.slots.map((s) => s.starts_at))].slice(0, 3);
  if (!starts.length) return { ok: true, say: `I don't see any openings for ${service.name}${args.date ? ' that day' : ' in the next two weeks'}.`, data: { slots: [] } };
  const tz = availability.timezone;
  const firstDay = spokenTime(starts[0]!, tz).replace(/ at .*$/, '');
  const sameDay = starts.every((s) => spokenTime(s, tz).replace(/ at .*$/, '') === firstDay);
  const times = starts.map((s) => (sameDay ? spokenTime(s, tz, false) : spokenTime(s, tz)));
  const list = times.length > 1 ? `${times.slice(0, -1).join(', ')} or ${times.at(-1)}` : times[0];
  return {
    ok: true,
    say: sameDay ? `I have ${list} on ${firstDay}. Which works for you?` : `I have ${list}. Which works for you?`,
    data: { service_id: service.id, timezone: tz, slots: availability.slots.slice(0, 10) },
  };
}

export async function bookAppointment(
  ctx: VoiceToolContext,
  args: { service: string; starts_at: string; resource_id?: string; patient_name: string; patient_phone?: string; notes?: string },
): Promise<ToolOutcome> {
  const phone = args.patient_phone ?? ctx.callerPhone;
  if (!phone || !/^\+[1-9]\d{1,14}$/.test(phone)) return { ok: false, say: 'What is the best phone number to reach you?' };
  const service = await resolveService(ctx, args.service);
  if (!service) return { ok: false, say: "I couldn't find that service." };
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
      const tz = (await inScope(ctx.deps.knex, { orgId: ctx.orgId }, (tx) => tx('services as s').join('locations as l', 'l.id', 's.location_id').where('s.id', service.id).first('l.timezone')))?.timezone ?? 'UTC';
      const offer = alts.slice(0, 2).map((a) => spokenTime(a, tz));
      return {
        ok: false,
        say: offer.length ? `Sorry, that time was just taken. I can offer ${offer.join(' or ')}.` : 'Sorry, that time was just taken and I have nothing else soon.',
        data: { alternatives: err.extra.alternatives },
      };
    }
    const line = problemLine(err);
    if (line) return { ok: false, say: `I couldn't book that. ${line}` };
    throw err;
  }
}

export async function cancelAppointment(ctx: VoiceToolContext, args: { confirmation_code?: string; booking_id?: string; patient_phone?: string; reason?: string }): Promise<ToolOutcome> {
  const phone = args.patient_phone ?? ctx.callerPhone;
  if (!args.booking_id && !args.confirmation_code) return { ok: false, say: 'What is the confirmation code of the appointment?' };
  const found: BookingRow | undefined = await inScope(ctx.deps.knex, { orgId: ctx.orgId }, async (tx) => {
    const q = selectBookings(tx).where('b.kind', 'booking');
    if (args.booking_id) q.where('b.id', args.booking_id);
    else q.where('b.confirmation_code', args.confirmation_code!.replace(/[\s-]/g, '').toUpperCase());
    // A code read out on the phone is only good together with the caller's number.
    if (phone) q.where('b.patient_phone', phone);
    return q.first();
  });
  if (!found) return { ok: false, say: "I couldn't find an appointment with that code for this phone number." };
  if (found.status === 'cancelled') return { ok: true, say: 'That appointment was already cancelled.', data: { booking_id: found.id } };
  const b = await cancelBookingFor(ctx.deps, actorOf(ctx), found.id, args.reason ?? 'Cancelled by the patient on a call');
  return { ok: true, say: `Your appointment on ${spokenTime(b.starts_at, b.timezone)} is cancelled.`, data: { booking_id: b.id } };
}

export async function sendSms(ctx: VoiceToolContext, args: { body: string; to?: string; booking_id?: string }): Promise<ToolOutcome> {
  const to = args.to ?? ctx.callerPhone;
  if (!to || !/^\+[1-9]\d{1,14}$/.test(to)) return { ok: false, say: 'What number should I text?' };
  try {
    const m = await sendSmsFor(ctx.deps, actorOf(ctx), { to, body: args.body, ...(args.booking_id ? { booking_id: args.booking_id } : {}) });
    return { ok: true, say: m.status === 'scheduled' ? "I'll text you in the morning; it's too late to send texts now." : "I've sent you a text.", data: { message_id: m.id } };
  } catch (err) {
    const line = problemLine(err);
    if (line) return { ok: false, say: line };
    throw err;
  }
}
