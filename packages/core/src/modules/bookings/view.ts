import { iso, isoRequired } from '../../platform/db/rows.ts';
import { formatInZone } from '../scheduling/index.ts';

/** A row of `bookings` (holds and bookings alike) joined with its location's timezone. */
export interface BookingRow {
  id: string;
  org_id: string;
  kind: 'hold' | 'booking';
  status: 'held' | 'expired' | 'released' | 'converted' | 'confirmed' | 'cancelled';
  service_id: string;
  resource_id: string;
  location_id: string;
  starts_at: Date;
  ends_at: Date;
  blocked_from: Date;
  blocked_until: Date;
  expires_at: Date | null;
  hold_id: string | null;
  patient_name: string | null;
  patient_phone: string | null;
  notes: string | null;
  confirmation_code: string | null;
  source: 'api' | 'portal' | 'voice';
  patient_confirmed_at: Date | null;
  callback_requested_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  reschedule_count: number;
  calendar_sync_status: 'not_applicable' | 'pending' | 'synced' | 'failed';
  calendar_id: string | null;
  calendar_event_id: string | null;
  calendar_sync_error: string | null;
  calendar_synced_at: Date | null;
  sync_version: number;
  livemode: boolean;
  created_at: Date;
  updated_at: Date;
  /** Joined from locations. */
  timezone: string;
  /** Holds only: the booking it became. */
  converted_booking_id?: string | null;
}

const inZone = (d: Date, tz: string) => formatInZone(d.getTime(), tz);

export function bookingToApi(r: BookingRow) {
  return {
    id: r.id,
    object: 'booking' as const,
    status: r.status as 'confirmed' | 'cancelled',
    confirmation_code: r.confirmation_code!,
    service_id: r.service_id,
    resource_id: r.resource_id,
    location_id: r.location_id,
    starts_at: inZone(r.starts_at, r.timezone),
    ends_at: inZone(r.ends_at, r.timezone),
    timezone: r.timezone,
    patient: { name: r.patient_name ?? '', phone: r.patient_phone ?? '' },
    notes: r.notes,
    source: r.source,
    hold_id: r.hold_id,
    patient_confirmed_at: iso(r.patient_confirmed_at),
    callback_requested_at: iso(r.callback_requested_at),
    cancelled_at: iso(r.cancelled_at),
    cancel_reason: r.cancel_reason,
    reschedule_count: r.reschedule_count,
    calendar_sync_status: r.calendar_sync_status,
    calendar_sync_error: r.calendar_sync_error,
    livemode: r.livemode,
    created_at: isoRequired(r.created_at),
    updated_at: isoRequired(r.updated_at),
  };
}

export function holdToApi(r: BookingRow) {
  // A lapsed hold reads as expired at once, whether or not the expiry job has run yet.
  const lapsed = r.status === 'held' && r.expires_at!.getTime() <= Date.now();
  return {
    id: r.id,
    object: 'hold' as const,
    status: (lapsed ? 'expired' : r.status) as 'held' | 'expired' | 'released' | 'converted',
    service_id: r.service_id,
    resource_id: r.resource_id,
    location_id: r.location_id,
    starts_at: inZone(r.starts_at, r.timezone),
    ends_at: inZone(r.ends_at, r.timezone),
    timezone: r.timezone,
    expires_at: isoRequired(r.expires_at!),
    booking_id: r.converted_booking_id ?? null,
    patient: r.patient_name && r.patient_phone ? { name: r.patient_name, phone: r.patient_phone } : null,
    livemode: r.livemode,
    created_at: isoRequired(r.created_at),
  };
}

/** Event payloads carry ids and times only; subscribers fetch the booking for patient details. */
export function bookingEventPayload(r: BookingRow) {
  return {
    booking_id: r.id,
    confirmation_code: r.confirmation_code,
    service_id: r.service_id,
    resource_id: r.resource_id,
    location_id: r.location_id,
    starts_at: inZone(r.starts_at, r.timezone),
    ends_at: inZone(r.ends_at, r.timezone),
    status: r.status,
  };
}
