/**
 * Opening hours -> concrete UTC intervals. Hours are stored as local wall-clock times and converted per
 * calendar date in the location's zone, so "9:00-17:00" stays 9-to-5 on both sides of a DST change
 * (and a day spanning the change is an hour shorter or longer, as it really is).
 */
import { ApiError } from '../../platform/errors.ts';
import { addDays, formatLocalDate, localDateOf, localToUtc, minuteOfDay, parseLocalDate, weekday, type LocalDate } from './time.ts';

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface DayInterval {
  start: string;
  end: string;
}
export interface WeeklyInterval extends DayInterval {
  day: Weekday;
}
export interface ScheduleException {
  start_date: string;
  end_date: string;
  hours: DayInterval[];
  reason?: string | null;
}
export interface Closure {
  start_date: string;
  end_date: string;
  reason?: string | null;
}

export interface Interval {
  start: number;
  end: number;
}

function invalid(code: string, message: string, path: string): ApiError {
  return new ApiError(422, code, message, { errors: [{ path, message }] });
}

/** Intervals of one day: each ends after it starts, none overlap. `idx` is the position reported in errors. */
function checkDay(intervals: (DayInterval & { idx: number })[], path: string): void {
  const sorted = intervals.map((i) => ({ s: minuteOfDay(i.start), e: minuteOfDay(i.end), idx: i.idx })).sort((a, b) => a.s - b.s);
  for (const [n, i] of sorted.entries()) {
    if (i.e <= i.s) throw invalid('invalid_hours', 'An interval must end after it starts.', `${path}/${i.idx}`);
    const prev = sorted[n - 1];
    if (prev && prev.e > i.s) throw invalid('overlapping_hours', 'Intervals of one day must not overlap.', `${path}/${i.idx}`);
  }
}

export function validateWeeklyHours(hours: WeeklyInterval[], path = '/body/weekly_hours'): void {
  const indexed = hours.map((h, idx) => ({ ...h, idx }));
  for (const day of WEEKDAYS) checkDay(indexed.filter((h) => h.day === day), path);
}

function checkRange(r: { start_date: string; end_date: string }, path: string): void {
  const s = parseLocalDate(r.start_date);
  const e = parseLocalDate(r.end_date);
  if (formatLocalDate(addDays(s, 0)) !== r.start_date) throw invalid('invalid_date', 'Not a calendar date.', `${path}/start_date`);
  if (formatLocalDate(addDays(e, 0)) !== r.end_date) throw invalid('invalid_date', 'Not a calendar date.', `${path}/end_date`);
  if (r.end_date < r.start_date) throw invalid('invalid_date_range', 'end_date must not be before start_date.', `${path}/end_date`);
}

export function validateExceptions(exceptions: ScheduleException[], path = '/body/exceptions'): void {
  exceptions.forEach((x, i) => {
    checkRange(x, `${path}/${i}`);
    checkDay(x.hours.map((h, idx) => ({ ...h, idx })), `${path}/${i}/hours`);
  });
}

export function validateClosures(closures: Closure[], path = '/body/closures'): void {
  closures.forEach((c, i) => checkRange(c, `${path}/${i}`));
}

const covers = (r: { start_date: string; end_date: string }, date: string) => r.start_date <= date && date <= r.end_date;

/** The local intervals of one date: closures win, then the last exception covering it, then the weekly hours. */
export function hoursOn(date: LocalDate, weekly: WeeklyInterval[], exceptions: ScheduleException[], closures: Closure[]): DayInterval[] {
  const iso = formatLocalDate(date);
  if (closures.some((c) => covers(c, iso))) return [];
  const exception = exceptions.filter((x) => covers(x, iso)).at(-1);
  if (exception) return exception.hours;
  const day = WEEKDAYS[weekday(date)];
  return weekly.filter((h) => h.day === day);
}

/**
 * Working time overlapping [fromMs, toMs) as sorted, merged UTC intervals. Not clipped to the window:
 * slots are aligned to the opening time, so callers need the true start of each interval.
 */
export function workingIntervals(input: {
  weekly: WeeklyInterval[];
  exceptions: ScheduleException[];
  closures: Closure[];
  tz: string;
  fromMs: number;
  toMs: number;
}): Interval[] {
  const { tz, fromMs, toMs } = input;
  const out: Interval[] = [];
  // One day of margin each side: a local day can start before `from` in UTC and still overlap it.
  const last = addDays(localDateOf(toMs, tz), 1);
  for (let d = addDays(localDateOf(fromMs, tz), -1); formatLocalDate(d) <= formatLocalDate(last); d = addDays(d, 1)) {
    for (const h of hoursOn(d, input.weekly, input.exceptions, input.closures)) {
      const start = localToUtc(d, minuteOfDay(h.start), tz);
      const end = localToUtc(d, minuteOfDay(h.end), tz);
      if (end > start && end > fromMs && start < toMs) out.push({ start, end });
    }
  }
  return mergeIntervals(out);
}

export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const prev = out.at(-1);
    if (prev && i.start <= prev.end) prev.end = Math.max(prev.end, i.end);
    else out.push({ ...i });
  }
  return out;
}
