/**
 * book_appointment: holds the slot, then books it. The agent may only say "you're booked" when this
 * returned a confirmation code, so that sentence exists only in that branch. Writes.
 */
import { ApiError } from '../../platform/errors.ts';
import { isE164 } from '../../platform/phone.ts';
import { catalogOf } from '../availability/index.ts';
import { spokenCode } from '../bookings/index.ts';
import { createHoldFor, releaseHoldFor } from '../bookings/index.ts';
import { createBookingFor } from '../bookings/index.ts';
import { defined, E164_ARG, instant, phone as phoneArg, text } from './args.ts';
import { problemLine, resolveService, spokenTime } from './spoken.ts';
import { actorOf, defineTool, fromOutcome, type ToolOutcome, type VoiceToolContext } from './tool.ts';

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

export const bookAppointmentTool = defineTool({
  name: 'book_appointment',
  spec: {
    name: 'book_appointment',
    description: 'Book an appointment at a time check_availability returned. Confirm the details with the caller first.',
    parameters: {
      type: 'object',
      properties: {
        start: { type: 'string', description: 'Start time, ISO 8601 with offset' },
        patient_name: { type: 'string' },
        patient_phone: E164_ARG,
        service: { type: 'string' },
        notes: { type: 'string' },
      },
      required: ['start', 'patient_name', 'patient_phone'],
    },
  },
  writes: true,
  apology: "Sorry, our booking system isn't responding, so I can't confirm whether your appointment went through. Someone from the clinic will confirm by text or call.",
  parse: (raw): { start: string; patient_name: string; patient_phone?: string; service?: string; notes?: string } => ({
    start: instant(raw, 'start', true)!,
    patient_name: text(raw, 'patient_name', { required: true, max: 200 })!,
    ...defined({ patient_phone: phoneArg(raw, 'patient_phone'), service: text(raw, 'service', { max: 200 }), notes: text(raw, 'notes', { max: 1000 }) }),
  }),
  handle: async (ctx, args) => {
    const { start, ...rest } = args;
    const o = await bookAppointment(ctx, { ...rest, starts_at: start });
    // A taken slot offers alternatives; their times go along so the model can book one.
    return fromOutcome(o, o.ok ? undefined : o.data?.starts);
  },
});
