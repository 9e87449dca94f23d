// The front door of the calendar-sync module: other modules and the app import only from here.
export { calendarRoutes } from './routes.ts';
export { CAL_SYNC_BOOKING_JOB, calendarTargetFor, enqueueBookingSync, registerCalendarMirrorJobs, startMirroring } from './service.ts';
