/** cancel_appointment: cancels the caller's appointment, found by code and number or by caller id alone. Writes. */
import { cancelBookingFor, findCallerBookings } from '../bookings/index.ts';
import type { BookingRow } from '../bookings/index.ts';
import { defined, E164_ARG, instant, phone as phoneArg, text } from './args.ts';
import { orList, spokenTime } from './spoken.ts';
import { actorOf, defineTool, fromOutcome, type ToolOutcome, type VoiceToolContext } from './tool.ts';

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
  const found: BookingRow[] = await findCallerBookings(ctx.deps, ctx.orgId, {
    ...(args.booking_id ? { booking_id: args.booking_id } : {}),
    ...(args.confirmation_code ? { confirmation_code: args.confirmation_code } : {}),
    ...(phone ? { phone } : {}),
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

export const cancelAppointmentTool = defineTool({
  name: 'cancel_appointment',
  spec: {
    name: 'cancel_appointment',
    description: "Cancel the caller's upcoming appointment. Ask for the confirmation code unless the caller is calling from the number they booked with.",
    parameters: {
      type: 'object',
      properties: {
        patient_phone: E164_ARG,
        confirmation_code: { type: 'string', description: 'The confirmation code the caller was given when booking' },
        start: { type: 'string', description: 'Start time of the appointment to cancel, if the caller has several' },
      },
      required: ['patient_phone'],
    },
  },
  writes: true,
  apology: "Sorry, our booking system isn't responding, so I can't confirm whether your appointment was cancelled. Someone from the clinic will confirm by text or call.",
  parse: (raw): { patient_phone?: string; confirmation_code?: string; start?: string } =>
    defined({ patient_phone: phoneArg(raw, 'patient_phone'), confirmation_code: text(raw, 'confirmation_code', { max: 40 }), start: instant(raw, 'start') }),
  handle: async (ctx, args) => fromOutcome(await cancelAppointment(ctx, args)),
});
