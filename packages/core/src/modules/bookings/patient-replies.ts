/**
 * What a patient's SMS reply does to their bookings (called by the SMS module's inbound job, in its
 * transaction): "C" confirms the next upcoming booking, "R" flags it for a call back.
 */
import type { Tx } from '../../platform/db/tenancy.ts';
import { emitEvent } from '../outbox/index.ts';
import { selectBookings } from './repo.ts';
import { bookingEventPayload, type BookingRow } from './view.ts';

async function nextBooking(tx: Tx, phone: string): Promise<BookingRow | undefined> {
  return selectBookings(tx).where('b.kind', 'booking').where('b.status', 'confirmed').where('b.patient_phone', phone).where('b.starts_at', '>', tx.fn.now()).orderBy('b.starts_at').first();
}

export async function confirmNextBooking(tx: Tx, orgId: string, phone: string): Promise<BookingRow | undefined> {
  const b = await nextBooking(tx, phone);
  if (!b) return undefined;
  if (!b.patient_confirmed_at) {
    await tx('bookings').where({ id: b.id }).update({ patient_confirmed_at: tx.fn.now(), updated_at: tx.fn.now() });
    await emitEvent(tx, orgId, 'booking.patient_confirmed', bookingEventPayload(b));
  }
  return b;
}

export async function requestCallback(tx: Tx, orgId: string, phone: string, messageId: string): Promise<BookingRow | undefined> {
  const b = await nextBooking(tx, phone);
  if (b) await tx('bookings').where({ id: b.id }).update({ callback_requested_at: tx.fn.now(), updated_at: tx.fn.now() });
  // The task for the clinic: webhook subscribers (and the portal) pick it up from here.
  // Ids only: the number is on the message and the booking, behind the API's access rules.
  await emitEvent(tx, orgId, 'sms.callback_requested', { message_id: messageId, booking_id: b?.id ?? null });
  return b;
}
