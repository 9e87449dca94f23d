/**
 * Reminders 24 h and 2 h before a booking, as delayed jobs with deterministic ids
 * (`sms-reminder-24h-<booking>`), so moving or cancelling the booking can find and remove them. The job
 * re-reads the booking anyway: a reminder for a time the booking no longer has is dropped.
 */
import type { Deps } from '../../platform/deps.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { adoptLivemode } from '../../platform/db/livemode.ts';
import { dispatch, queueBookingReminder, nextSendable } from '../sms/index.ts';
import { findBooking } from './repo.ts';
import type { BookingRow } from './view.ts';

export const SMS_REMINDER_JOB = 'sms.reminder';
const HOUR = 3_600_000;
export const REMINDERS = [
  { kind: '24h' as const, beforeMs: 24 * HOUR },
  { kind: '2h' as const, beforeMs: 2 * HOUR },
];
/** A reminder that quiet hours would push this close to the appointment is not worth sending. */
const MIN_LEAD_MS = 30 * 60_000;

export const reminderJobId = (kind: '24h' | '2h', bookingId: string) => `sms-reminder-${kind}-${bookingId}`;

interface ReminderJob {
  orgId: string;
  bookingId: string;
  kind: '24h' | '2h';
  startsAt: string;
}

export async function removeReminders(deps: Deps, bookingId: string): Promise<void> {
  for (const r of REMINDERS) await deps.queue.remove(reminderJobId(r.kind, bookingId));
}

/**
 * (Re)schedules both reminders for the booking's current time; skipped when already past or too late.
 * A new booking has no jobs yet, so only a move pays for the removal (a scan over the queues).
 */
export async function scheduleReminders(deps: Deps, b: BookingRow, opts: { replace: boolean }): Promise<void> {
  if (opts.replace) await removeReminders(deps, b.id);
  if (b.status !== 'confirmed' || !b.patient_phone) return;
  const now = Date.now();
  const start = b.starts_at.getTime();
  for (const r of REMINDERS) {
    const sendAt = nextSendable(start - r.beforeMs, b.timezone);
    if (sendAt <= now || sendAt > start - MIN_LEAD_MS) continue;
    const data: ReminderJob = { orgId: b.org_id, bookingId: b.id, kind: r.kind, startsAt: b.starts_at.toISOString() };
    await deps.queue.add(SMS_REMINDER_JOB, data, { jobId: reminderJobId(r.kind, b.id), delayMs: sendAt - now, attempts: 5, backoffMs: 5_000 });
  }
}

async function runReminder(deps: Deps, job: ReminderJob): Promise<void> {
  const row = await inScope(deps.knex, { orgId: job.orgId }, async (tx) => {
    const b = await findBooking(tx, job.bookingId, 'booking');
    // Moved or cancelled since this job was queued: the job for the new time (if any) will speak.
    if (!b || b.status !== 'confirmed' || b.starts_at.toISOString() !== job.startsAt) return null;
    // The reminder is the booking's: a test booking's reminder is a test message (decision 0012).
    await adoptLivemode(tx, b.livemode);
    return queueBookingReminder(tx, deps, b, job.kind);
  });
  if (row) await dispatch(deps, job.orgId, [row]);
}

export function registerReminderJob(deps: Deps): void {
  deps.queue.process<ReminderJob>(SMS_REMINDER_JOB, (job) => runReminder(deps, job.data), { concurrency: 5 });
}
