/**
 * No texts to patients between 21:00 and 08:00 in their (the location's) timezone. A message that
 * falls in that window waits until 08:00, rather than being dropped.
 */
import { addDays, localDateOf, localToUtc, wallClock } from '../scheduling/index.ts';

export const QUIET_START_MINUTE = 21 * 60;
export const QUIET_END_MINUTE = 8 * 60;

export function isQuiet(ms: number, tz: string): boolean {
  const w = wallClock(ms, tz);
  const m = w.hour * 60 + w.minute;
  return m >= QUIET_START_MINUTE || m < QUIET_END_MINUTE;
}

/** `ms` itself when sending is allowed then, else the next 08:00 local. */
export function nextSendable(ms: number, tz: string): number {
  if (!isQuiet(ms, tz)) return ms;
  const w = wallClock(ms, tz);
  const today = localDateOf(ms, tz);
  const day = w.hour * 60 + w.minute >= QUIET_START_MINUTE ? addDays(today, 1) : today;
  return localToUtc(day, QUIET_END_MINUTE, tz);
}
