import type { Deps } from '../../platform/deps.ts';
import { registerCalendarMirrorJobs } from '../calendar-sync/index.ts';
import { registerSmsJobs } from '../sms/index.ts';
import { registerBookingCalendarJob } from './calendar-events.ts';
import { registerHoldJobs } from './holds.ts';
import { registerReminderJob } from './reminders.ts';

/** Every queue handler of scheduling (issue #6): holds, reminders, SMS delivery and inbox, calendar sync. */
export function registerSchedulingJobs(deps: Deps): void {
  registerHoldJobs(deps);
  registerReminderJob(deps);
  registerBookingCalendarJob(deps);
  registerSmsJobs(deps);
  registerCalendarMirrorJobs(deps);
}
