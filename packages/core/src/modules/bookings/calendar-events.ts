/**
 * Mirrors each booking into the resource's Google calendar. The job converges: whatever version it was
 * queued for, it makes Google match the booking as it is now (event present while confirmed, gone once
 * cancelled), so duplicates and out-of-order runs are harmless. A lease keeps two runs for one booking
 * from racing; an outage leaves the booking confirmed with calendar_sync_status 'failed' and the job retrying.
 */
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { CAL_SYNC_BOOKING_JOB, startMirroring } from '../calendar-sync/index.ts';
import { googleCalendarFor } from '../../connectors/calendar.ts';
import { formatInZone } from '../scheduling/index.ts';
import { findBooking } from './repo.ts';
import type { BookingRow } from './view.ts';

const LEASE_SECONDS = 120;

async function claim(deps: Deps, orgId: string, bookingId: string): Promise<BookingRow | null | 'busy'> {
  return inScope(deps.knex, { orgId }, async (tx) => {
    const updated = await tx('bookings')
      .where({ id: bookingId, kind: 'booking' })
      .where((q) => q.whereNull('calendar_sync_lease_until').orWhere('calendar_sync_lease_until', '<', tx.fn.now()))
      .update({ calendar_sync_lease_until: tx.raw(`now() + make_interval(secs => ?)`, [LEASE_SECONDS]) });
    if (!updated) return (await tx('bookings').where({ id: bookingId }).first('id')) ? 'busy' : null;
    return (await findBooking(tx, bookingId, 'booking'))!;
  });
}

async function release(deps: Deps, b: BookingRow, changes: Record<string, unknown>): Promise<boolean> {
  return inScope(deps.knex, { orgId: b.org_id }, async (tx) => {
    const current = await tx('bookings').where({ id: b.id }).first('sync_version');
    // Changed while we talked to Google: keep 'pending'; the job queued for the new version finishes it.
    const settled = current.sync_version === b.sync_version;
    const status = changes.calendar_sync_status;
    await tx('bookings')
      .where({ id: b.id })
      .update({ ...changes, ...(settled || status === 'failed' ? {} : { calendar_sync_status: 'pending' }), calendar_sync_lease_until: null, updated_at: tx.fn.now() });
    return settled;
  });
}

export async function syncBookingEvent(deps: Deps, orgId: string, bookingId: string): Promise<void> {
  const b = await claim(deps, orgId, bookingId);
  if (b === null) return;
  if (b === 'busy') throw new Error('booking calendar sync already running');
  // A test booking never reaches a real calendar; it is never queued, and is refused here should it be.
  const google = b.livemode ? await googleCalendarFor(deps, orgId).catch(() => null) : null;
  if (!google || !b.calendar_id) {
    await release(deps, b, { calendar_sync_status: b.calendar_event_id ? 'failed' : 'not_applicable', calendar_sync_error: b.calendar_event_id ? 'Google Calendar is no longer connected.' : null });
    return;
  }
  try {
    const names = await inScope(deps.knex, { orgId }, async (tx) => ({
      service: (await tx('services').where({ id: b.service_id }).first('name'))?.name ?? 'Appointment',
    }));
    const event = {
      start: formatInZone(b.starts_at.getTime(), b.timezone),
      end: formatInZone(b.ends_at.getTime(), b.timezone),
      summary: `${names.service}: ${b.patient_name ?? 'patient'}`,
      description: `Booked through Voxanne. Confirmation code ${b.confirmation_code}.`,
      timeZone: b.timezone,
    };
    let eventId = b.calendar_event_id;
    if (b.status === 'confirmed') {
      if (eventId) eventId = (await google.patchEvent(b.calendar_id, eventId, event)).eventId;
      else eventId = (await google.insertEvent(b.calendar_id, { ...event, bookingId: b.id })).eventId;
    } else if (eventId) {
      await google.deleteEvent(b.calendar_id, eventId);
      eventId = null;
    }
    await release(deps, b, { calendar_event_id: eventId, calendar_sync_status: 'synced', calendar_sync_error: null, calendar_synced_at: new Date() });
  } catch (err) {
    await release(deps, b, { calendar_sync_status: 'failed', calendar_sync_error: (err as Error).message.slice(0, 500) });
    throw err;
  }
}

/** Re-queues every booking whose sync is pending or failed, and pulls every mirrored calendar. */
export async function syncNow(deps: Deps, orgId: string) {
  const conn = await inScope(deps.knex, { orgId }, (tx) => tx('calendar_connections').first('id'));
  if (!conn) throw notFound('Calendar connection');
  const stuck: { id: string; sync_version: number }[] = await inScope(deps.knex, { orgId }, (tx) =>
    tx('bookings').where({ kind: 'booking' }).whereIn('calendar_sync_status', ['pending', 'failed']).select('id', 'sync_version'),
  );
  const bucket = Date.now();
  for (const s of stuck) {
    await deps.queue.add(CAL_SYNC_BOOKING_JOB, { orgId, bookingId: s.id }, { jobId: `gcal-booking-${s.id}-v${s.sync_version}-r${bucket}`, attempts: deps.config.connectors.syncJobAttempts, backoffMs: deps.config.connectors.syncJobBackoffMs });
  }
  const calendars = await startMirroring(deps, orgId, `manual${bucket}`);
  return { object: 'calendar_sync' as const, calendars, bookings: stuck.length };
}

export function registerBookingCalendarJob(deps: Deps): void {
  deps.queue.process<{ orgId: string; bookingId: string }>(CAL_SYNC_BOOKING_JOB, (job) => syncBookingEvent(deps, job.data.orgId, job.data.bookingId), { concurrency: 5 });
}

