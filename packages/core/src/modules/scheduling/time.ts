/**
 * Wall-clock arithmetic in IANA zones with nothing but Intl. Clinic hours are local ("9:00 in
 * New York"), instants are UTC; every conversion goes through here so DST is handled in one place and
 * the server's own zone is never consulted.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True for IANA names the runtime knows ("America/New_York", "UTC"); offsets like "+05:00" are refused. */
export function isValidTimezone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The offset straight from Intl (slow: one formatToParts per call). */
function intlOffset(utcMs: number, tz: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

// Zone transitions fall on quarter hours, so the offset is constant within each UTC quarter hour. Caching
// per quarter hour turns a 1,000-slot availability answer from thousands of Intl calls into a handful.
const QUARTER_HOUR = 900_000;
const offsets = new Map<string, Map<number, number>>();
let cachedOffsets = 0;

/** The zone's UTC offset at an instant, in ms (New York in winter: -5 h). */
export function offsetMs(utcMs: number, tz: string): number {
  const bucket = Math.floor(utcMs / QUARTER_HOUR);
  let zone = offsets.get(tz);
  if (!zone) offsets.set(tz, (zone = new Map()));
  let off = zone.get(bucket);
  if (off === undefined) {
    if (++cachedOffsets > 100_000) {
      offsets.clear();
      cachedOffsets = 0;
      offsets.set(tz, zone);
      zone.clear();
    }
    off = intlOffset(bucket * QUARTER_HOUR, tz);
    zone.set(bucket, off);
  }
  return off;
}

/** Year, month and day of a count of days since 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days). */
function civil(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function wallClock(utcMs: number, tz: string): WallClock {
  const local = utcMs + offsetMs(utcMs, tz);
  const days = Math.floor(local / 86_400_000);
  const secs = Math.floor((local - days * 86_400_000) / 1000);
  const { year, month, day } = civil(days);
  return { year, month, day, hour: Math.floor(secs / 3600), minute: Math.floor(secs / 60) % 60, second: secs % 60 };
}

const DAY_MS = 86_400_000;

/**
 * The instant a local wall-clock time names, with Temporal's "compatible" rule: a time skipped by a
 * spring-forward gap moves later by the gap (02:30 -> 03:30), and a time repeated by a fall-back takes
 * its first (daylight) occurrence.
 */
export function localToUtc(date: LocalDate, minuteOfDay: number, tz: string): number {
  const guess = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * 60_000;
  const before = offsetMs(guess - DAY_MS, tz);
  const after = offsetMs(guess + DAY_MS, tz);
  const candidates = [...new Set([before, after])]
    .map((o) => guess - o)
    .filter((utc) => offsetMs(utc, tz) === guess - utc)
    .sort((a, b) => a - b);
  if (candidates.length) return candidates[0]!;
  // In the gap: read the time with the offset in force before the transition, which lands after it.
  return guess - before;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export function parseLocalDate(s: string): LocalDate {
  const [y, m, d] = s.split('-').map(Number);
  return { year: y!, month: m!, day: d! };
}

export function formatLocalDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + n * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** 0 = Sunday ... 6 = Saturday, of the calendar date itself (no zone involved). */
export function weekday(d: LocalDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

export function localDateOf(utcMs: number, tz: string): LocalDate {
  const w = wallClock(utcMs, tz);
  return { year: w.year, month: w.month, day: w.day };
}

/** "09:30" -> 570; "24:00" -> 1440. */
export function minuteOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const pad4 = (n: number) => (n >= 1000 && n <= 9999 ? String(n) : String(n).padStart(4, '0'));

/** RFC 3339 with the zone's offset at that instant, e.g. "2026-03-08T09:00:00-04:00". Hot: an availability answer formats thousands. */
export function formatInZone(utcMs: number, tz: string): string {
  const w = wallClock(utcMs, tz);
  const off = Math.round(offsetMs(utcMs, tz) / 60_000);
  const abs = Math.abs(off);
  const offset = `${off < 0 ? '-' : '+'}${TWO[Math.floor(abs / 60)]}:${TWO[abs % 60]}`;
  return `${pad4(w.year)}-${TWO[w.month]}-${TWO[w.day]}T${TWO[w.hour]}:${TWO[w.minute]}:${TWO[w.second]}${offset}`;
}

/** Parses the API's "instant or date" parameters; a date is the start of that day in `tz`. */
export function parseInstantOrDate(value: string, tz: string): { ms: number; dateOnly: boolean } | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = parseLocalDate(value);
    if (formatLocalDate(addDays(d, 0)) !== value) return null; // e.g. 2026-02-30
    return { ms: localToUtc(d, 0, tz), dateOnly: true };
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : { ms, dateOnly: false };
}
