/**
 * Quiet hours for outbound calls, read on the patient's own wall clock. A window is [start, end) in local
 * time and may wrap midnight (20:00-09:00); start == end means no quiet hours at all. Wall-clock
 * conversions go through scheduling/time.ts; the two DST cases it cannot decide for us (an `end` that a
 * fall-back day repeats, or that a spring-forward day skips) are settled below.
 */
import { addDays, localDateOf, localToUtc, minuteOfDay, offsetMs, wallClock } from '../scheduling/index.ts';

export interface QuietWindow {
  /** "HH:MM", local. */
  start: string;
  end: string;
}

function localMinute(ms: number, tz: string): number {
  const w = wallClock(ms, tz);
  return w.hour * 60 + w.minute;
}

export function isQuietHour(ms: number, tz: string, window: QuietWindow): boolean {
  const start = minuteOfDay(window.start);
  const end = minuteOfDay(window.end);
  if (start === end) return false;
  const m = localMinute(ms, tz);
  return start < end ? m >= start && m < end : m >= start || m < end;
}

const QUARTER_HOUR = 900_000;

/** `ms` itself when calling is allowed then, else the first instant after it that is outside the window. */
export function nextCallableInstant(ms: number, tz: string, window: QuietWindow): number {
  if (!isQuietHour(ms, tz, window)) return ms;
  const start = minuteOfDay(window.start);
  const end = minuteOfDay(window.end);
  const today = localDateOf(ms, tz);
  // In a wrapping window, the evening part ends tomorrow morning; otherwise the window ends today.
  const endsTomorrow = start > end && localMinute(ms, tz) >= start;
  let at = localToUtc(endsTomorrow ? addDays(today, 1) : today, end, tz);
  if (at <= ms) {
    // A fall-back day repeats an hour: `end` named its first occurrence, which passed; the second is ahead.
    const repeated = at + (offsetMs(at, tz) - offsetMs(ms, tz));
    at = repeated > ms && localMinute(repeated, tz) === end ? repeated : localToUtc(addDays(today, 1), end, tz);
  }
  if (localMinute(at, tz) !== end) {
    // `end` fell in a spring-forward gap and was moved past it; the window really ended at the jump, which
    // (zone offsets being whole quarter hours) lies on a quarter hour.
    at -= at % QUARTER_HOUR;
    while (at - QUARTER_HOUR > ms && !isQuietHour(at - QUARTER_HOUR, tz, window)) at -= QUARTER_HOUR;
  }
  return at;
}
