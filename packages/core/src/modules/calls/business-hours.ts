/** Whether an agent's line is open at an instant: its weekly hours read in its own time zone. */
import type { AgentConfig } from '../agents/index.ts';
import { minuteOfDay, wallClock, weekday } from '../scheduling/index.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** An empty schedule means always open (the contract says so). */
export function isOpenAt(config: Pick<AgentConfig, 'business_hours' | 'timezone'>, atMs: number): boolean {
  if (!config.business_hours.length) return true;
  const w = wallClock(atMs, config.timezone);
  const day = DAYS[weekday({ year: w.year, month: w.month, day: w.day })];
  const minute = w.hour * 60 + w.minute;
  return config.business_hours.some((h) => h.day === day && minute >= minuteOfDay(h.start) && minute < minuteOfDay(h.end));
}
