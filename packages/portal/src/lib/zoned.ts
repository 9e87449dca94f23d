/**
 * Dates and times in a location's timezone, never the browser's: a clinic in New York looked at from
 * Berlin still opens at 9:00. Days are `YYYY-MM-DD` strings in that zone; instants are ISO strings.
 */

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partsIn(timeZone: string, ms: number): Parts {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    partFormats.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute! };
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayString = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** The zone's offset from UTC at `ms`, in milliseconds. */
function offsetAt(timeZone: string, ms: number): number {
  const p = partsIn(timeZone, ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60_000) * 60_000;
}

/** The calendar day of an instant in the zone. */
export function dayIn(timeZone: string, iso: string | number): string {
  const p = partsIn(timeZone, typeof iso === 'number' ? iso : Date.parse(iso));
  return dayString(p.year, p.month, p.day);
}

/** Minutes since local midnight of an instant in the zone. */
export function minutesIn(timeZone: string, iso: string): number {
  const p = partsIn(timeZone, Date.parse(iso));
  return p.hour * 60 + p.minute;
}

/** The instant at `minutes` after local midnight of `day` in the zone (right across DST changes). */
export function instantOf(timeZone: string, day: string, minutes = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  let ms = wall - offsetAt(timeZone, wall);
  ms = wall - offsetAt(timeZone, ms);
  return new Date(ms).toISOString();
}

export function todayIn(timeZone: string): string {
  return dayIn(timeZone, Date.now());
}

/** `day` moved by whole days (calendar arithmetic, no zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return dayString(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The Monday of the week `day` is in. */
export function weekStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}

export const isDay = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));

/** "9:30 AM" in the zone. */
export function timeIn(timeZone: string, iso: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** "Tue, Mar 10, 9:30 AM" in the zone. */
export function dateTimeIn(timeZone: string, iso: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** A calendar day as people read it: "Tuesday, March 10" (`style: 'short'`: "Tue 10"). */
export function dayLabel(day: string, style: 'long' | 'short' = 'long'): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d, 12));
  return style === 'long'
    ? new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(date)
    : new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric' }).format(date);
}

/** The zone as people know it at that moment, e.g. "EST" or "GMT+1". */
export function zoneAbbreviation(timeZone: string, iso: string | number = Date.now()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** "Tue". */
export function weekdayShort(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'short' }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}
