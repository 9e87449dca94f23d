/**
 * Recurring events the way Google Calendar serves them, for the fake. A series is one stored event with
 * `recurrence: ['RRULE:...']` and a `start.timeZone` (Google requires it: the rule is expanded in that zone,
 * so a 10:00 meeting stays at 10:00 local time across a DST change). With `singleEvents=true` Google lists
 * one event per occurrence instead: id `<seriesId>_<original start, UTC basic format>` (`_YYYYMMDD` for
 * all-day), `recurringEventId`, `originalStartTime`. An exception (a moved or cancelled occurrence) is
 * stored as an event with that instance id and replaces the generated occurrence.
 *
 * Only the RRULE parts a clinic calendar commonly carries are modelled (FREQ=DAILY|WEEKLY, INTERVAL,
 * COUNT, UNTIL); anything else is refused, so a test never silently relies on an expansion the fake
 * does not do.
 */
import type { calendar_v3 } from '@googleapis/calendar';

type GoogleEvent = calendar_v3.Schema$Event;

/** Open-ended series are expanded this far past now (Google lists far-future instances too). */
const HORIZON_MS = 400 * 86_400_000;
const DAY_MS = 86_400_000;

interface Rule {
  stepDays: number;
  count: number | undefined;
  untilMs: number | undefined;
}

export function parseRecurrence(lines: string[]): Rule {
  const rrules = lines.filter((l) => l.startsWith('RRULE:'));
  const others = lines.filter((l) => !l.startsWith('RRULE:'));
  if (rrules.length !== 1 || others.length) throw new Error(`fake google: only a single RRULE is modelled, got ${JSON.stringify(lines)}`);
  const parts = new Map(rrules[0]!.slice('RRULE:'.length).split(';').map((p) => p.split('=') as [string, string]));
  const unknown = [...parts.keys()].filter((k) => !['FREQ', 'INTERVAL', 'COUNT', 'UNTIL'].includes(k));
  if (unknown.length) throw new Error(`fake google: RRULE parts not modelled: ${unknown.join(', ')}`);
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY') throw new Error(`fake google: FREQ=${freq} is not modelled`);
  const interval = Number(parts.get('INTERVAL') ?? 1);
  const until = parts.get('UNTIL');
  const m = until ? /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(until) : null;
  if (until && !m) throw new Error(`fake google: UNTIL=${until} is not a date`);
  return {
    stepDays: (freq === 'WEEKLY' ? 7 : 1) * interval,
    count: parts.has('COUNT') ? Number(parts.get('COUNT')) : undefined,
    untilMs: m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 23), +(m[5] ?? 59), +(m[6] ?? 59)) : undefined,
  };
}

/** Wall-clock fields of an instant in a zone. */
function wallClock(ms: number, timeZone: string): number[] {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return [+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!];
}

/** The instant a wall-clock time in `timeZone` names (the earlier one when a DST change makes it ambiguous). */
function fromWallClock(fields: number[], timeZone: string): number {
  const asUtc = Date.UTC(fields[0]!, fields[1]!, fields[2]!, fields[3]!, fields[4]!, fields[5]!);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const w = wallClock(guess, timeZone);
    const offset = Date.UTC(w[0]!, w[1]!, w[2]!, w[3]!, w[4]!, w[5]!) - guess;
    guess = asUtc - offset;
  }
  return guess;
}

/** RFC 3339 with the zone's offset at that instant, the way Google writes an event's dateTime. */
function inZone(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  const offsetMin = Math.round((Date.UTC(w[0]!, w[1]!, w[2]!, w[3]!, w[4]!, w[5]!) - ms) / 60_000);
  const pad = (n: number, l = 2) => String(Math.abs(n)).padStart(l, '0');
  const offset = offsetMin === 0 ? 'Z' : `${offsetMin < 0 ? '-' : '+'}${pad(Math.trunc(offsetMin / 60))}:${pad(offsetMin % 60)}`;
  return `${pad(w[0]!, 4)}-${pad(w[1]! + 1)}-${pad(w[2]!)}T${pad(w[3]!)}:${pad(w[4]!)}:${pad(w[5]!)}${offset}`;
}

const basicUtc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function instanceId(seriesId: string, originalStart: calendar_v3.Schema$EventDateTime): string {
  if (originalStart.date) return `${seriesId}_${originalStart.date.replace(/-/g, '')}`;
  return `${seriesId}_${basicUtc(Date.parse(originalStart.dateTime!))}`;
}

/** The occurrences of a series (exceptions not applied), each with its instance id and original start. */
export function expandSeries(series: GoogleEvent, nowMs = Date.now()): GoogleEvent[] {
  const rule = parseRecurrence(series.recurrence ?? []);
  const allDay = !!series.start?.date;
  const tz = series.start?.timeZone ?? 'UTC';
  const startMs = allDay ? Date.parse(`${series.start!.date}T00:00:00Z`) : Date.parse(series.start!.dateTime!);
  const endMs = allDay ? Date.parse(`${series.end!.date}T00:00:00Z`) : Date.parse(series.end!.dateTime!);
  const duration = endMs - startMs;
  const firstWall = allDay ? [] : wallClock(startMs, tz);
  const limit = rule.untilMs ?? Math.max(nowMs, startMs) + HORIZON_MS;
  const out: GoogleEvent[] = [];
  for (let k = 0; rule.count === undefined || k < rule.count; k++) {
    const days = k * rule.stepDays;
    const s = allDay ? startMs + days * DAY_MS : fromWallClock([firstWall[0]!, firstWall[1]!, firstWall[2]! + days, firstWall[3]!, firstWall[4]!, firstWall[5]!], tz);
    if (s > limit) break;
    const e = s + duration;
    const when = (ms: number): calendar_v3.Schema$EventDateTime => (allDay ? { date: new Date(ms).toISOString().slice(0, 10) } : { dateTime: inZone(ms, tz), timeZone: tz });
    const originalStartTime = when(s);
    const { recurrence: _rule, ...fields } = series;
    out.push({ ...fields, id: instanceId(series.id!, originalStartTime), recurringEventId: series.id!, originalStartTime, start: when(s), end: when(e) });
  }
  return out;
}
