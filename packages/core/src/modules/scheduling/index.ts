// The front door of the scheduling module: other modules and the app import only from here.
export { mergeIntervals, validateClosures, validateExceptions, validateWeeklyHours, workingIntervals, type Closure, type Interval, type ScheduleException, type WeeklyInterval } from './hours.ts';
export { addDays, formatInZone, formatLocalDate, isValidTimezone, localDateOf, localToUtc, minuteOfDay, offsetMs, parseInstantOrDate, parseLocalDate, wallClock, weekday } from './time.ts';
export { assertTimezone, pick } from './validate.ts';
