/**
 * What follows a committed booking change: reminders move or disappear, the confirmation text is
 * dispatched, the calendar event sync is queued. None of it may fail the request (the booking stands),
 * so failures are logged; the calendar sweep (`POST /v1/calendar/google/sync`) re-queues stuck syncs.
 */
import type { Deps } from '../../platform/deps.ts';
import { enqueueBookingSync } from '../calendar-sync/index.ts';
import { dispatch, dispatchBookingMessages, type SmsRow } from '../sms/index.ts';
import { removeReminders, scheduleReminders } from './reminders.ts';
import type { BookingRow } from './view.ts';

/** `messages`: what the change's transaction queued, when the caller has them (no read to find them again). */
export async function afterBookingChange(deps: Deps, row: BookingRow, change: 'created' | 'rescheduled' | 'cancelled', messages?: SmsRow[]): Promise<void> {
  const created = () => (messages ? dispatch(deps, row.org_id, messages) : dispatchBookingMessages(deps, row.org_id, row.id));
  const steps: [string, () => Promise<void>][] = [
    ['reminders', () => (change === 'cancelled' ? removeReminders(deps, row.id) : scheduleReminders(deps, row, { replace: change === 'rescheduled' }))],
    ['sms', () => (change === 'created' ? created() : Promise.resolve())],
    ['calendar', () => (row.calendar_sync_status === 'pending' ? enqueueBookingSync(deps, row.org_id, row.id, row.sync_version) : Promise.resolve())],
  ];
  // Independent of each other, so they run side by side; the request waits for all (a lost job is a bug to log).
  await Promise.all(
    steps.map(async ([step, run]) => {
      try {
        await run();
      } catch (err) {
        deps.logger.error({ err: (err as Error).message, bookingId: row.id, step }, 'booking follow-up failed; the booking itself is saved');
      }
    }),
  );
}
