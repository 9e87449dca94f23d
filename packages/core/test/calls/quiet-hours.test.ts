import { describe, expect, it } from 'vitest';
import { isQuietHour, nextCallableInstant } from '../../src/modules/outbound/quiet-hours.ts';

const at = (iso: string) => Date.parse(iso);
const NIGHT = { start: '20:00', end: '09:00' };

describe('quiet hours in the patient\'s time zone', () => {
  it('the same instant is quiet in New York and callable in Tokyo', () => {
    const instant = at('2026-01-15T02:00:00Z'); // 21:00 in New York, 11:00 in Tokyo
    expect(isQuietHour(instant, 'America/New_York', NIGHT)).toBe(true);
    expect(isQuietHour(instant, 'Asia/Tokyo', NIGHT)).toBe(false);
    expect(nextCallableInstant(instant, 'Asia/Tokyo', NIGHT)).toBe(instant);
    // 09:00 the next morning in New York (EST, UTC-5).
    expect(nextCallableInstant(instant, 'America/New_York', NIGHT)).toBe(at('2026-01-15T14:00:00Z'));
  });

  it('and the other way round half a day later', () => {
    const instant = at('2026-01-15T15:00:00Z'); // 10:00 in New York, 00:00 in Tokyo
    expect(isQuietHour(instant, 'America/New_York', NIGHT)).toBe(false);
    expect(isQuietHour(instant, 'Asia/Tokyo', NIGHT)).toBe(true);
    // Tokyo's window is in its small hours: it ends at 09:00 the same local day.
    expect(nextCallableInstant(instant, 'Asia/Tokyo', NIGHT)).toBe(at('2026-01-16T00:00:00Z'));
  });

  it('a window that wraps midnight: start inclusive, end exclusive', () => {
    const tz = 'UTC';
    expect(isQuietHour(at('2026-05-01T08:59:00Z'), tz, NIGHT)).toBe(true);
    expect(isQuietHour(at('2026-05-01T09:00:00Z'), tz, NIGHT)).toBe(false);
    expect(isQuietHour(at('2026-05-01T19:59:00Z'), tz, NIGHT)).toBe(false);
    expect(isQuietHour(at('2026-05-01T20:00:00Z'), tz, NIGHT)).toBe(true);
    expect(isQuietHour(at('2026-05-01T00:00:00Z'), tz, NIGHT)).toBe(true);
    // Before midnight the window ends tomorrow; after midnight, today.
    expect(nextCallableInstant(at('2026-05-01T23:30:00Z'), tz, NIGHT)).toBe(at('2026-05-02T09:00:00Z'));
    expect(nextCallableInstant(at('2026-05-01T03:30:00Z'), tz, NIGHT)).toBe(at('2026-05-01T09:00:00Z'));
  });

  it('a window within one day, and an empty window', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(isQuietHour(at('2026-05-01T11:59:00Z'), 'UTC', lunch)).toBe(false);
    expect(isQuietHour(at('2026-05-01T12:45:00Z'), 'UTC', lunch)).toBe(true);
    expect(isQuietHour(at('2026-05-01T13:30:00Z'), 'UTC', lunch)).toBe(false);
    expect(nextCallableInstant(at('2026-05-01T12:45:00Z'), 'UTC', lunch)).toBe(at('2026-05-01T13:30:00Z'));
    for (const h of ['00', '06', '12', '18', '23']) expect(isQuietHour(at(`2026-05-01T${h}:00:00Z`), 'UTC', { start: '10:00', end: '10:00' })).toBe(false);
  });

  it('follows the local clock across the spring-forward day, not a fixed offset', () => {
    // New York jumps from 02:00 EST to 03:00 EDT on 2026-03-08.
    const ny = 'America/New_York';
    // 08:30 EDT: still quiet (a fixed EST offset would call it 07:30 and agree, so check the edge too).
    expect(isQuietHour(at('2026-03-08T12:30:00Z'), ny, NIGHT)).toBe(true);
    // 09:00 EDT is 13:00Z; with the winter offset it would read 08:00 and still be quiet.
    expect(isQuietHour(at('2026-03-08T13:00:00Z'), ny, NIGHT)).toBe(false);
    // From 01:00 EST the window ends at 09:00 EDT, an hour of real time less than on a normal night.
    expect(nextCallableInstant(at('2026-03-08T06:00:00Z'), ny, NIGHT)).toBe(at('2026-03-08T13:00:00Z'));
    // A window ending at 02:30, a time that day does not have, ends at the jump itself (03:00 EDT).
    const late = { start: '22:00', end: '02:30' };
    expect(nextCallableInstant(at('2026-03-08T04:00:00Z'), ny, late)).toBe(at('2026-03-08T07:00:00Z'));
  });

  it('follows the local clock across the fall-back day', () => {
    // New York repeats 01:00-02:00 on 2026-11-01 (EDT then EST).
    const ny = 'America/New_York';
    // 08:30 EST is 13:30Z; with the summer offset it would read 09:30 and be callable.
    expect(isQuietHour(at('2026-11-01T13:30:00Z'), ny, NIGHT)).toBe(true);
    expect(nextCallableInstant(at('2026-11-01T03:00:00Z'), ny, NIGHT)).toBe(at('2026-11-01T14:00:00Z'));
    // A window ending at 01:30: during the second 01:00-01:30 (EST) it ends at 01:30 EST, not a day later.
    const small = { start: '00:30', end: '01:30' };
    const secondPass = at('2026-11-01T06:15:00Z'); // 01:15 EST
    expect(isQuietHour(secondPass, ny, small)).toBe(true);
    expect(nextCallableInstant(secondPass, ny, small)).toBe(at('2026-11-01T06:30:00Z'));
    // During the first pass (EDT) it ends at the first 01:30.
    expect(nextCallableInstant(at('2026-11-01T05:15:00Z'), ny, small)).toBe(at('2026-11-01T05:30:00Z'));
  });

  it('the instant it returns is never quiet, for every quarter hour of a year in several zones', () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Los_Angeles'];
    const windows = [NIGHT, { start: '21:00', end: '08:00' }, { start: '01:00', end: '03:00' }, { start: '12:00', end: '13:00' }];
    for (const tz of zones) {
      for (const w of windows) {
        for (let t = at('2026-01-01T00:00:00Z'); t < at('2027-01-01T00:00:00Z'); t += 6 * 3_600_000 + 900_000) {
          const next = nextCallableInstant(t, tz, w);
          expect(next >= t, `${tz} ${w.start}-${w.end} ${new Date(t).toISOString()}`).toBe(true);
          expect(isQuietHour(next, tz, w), `${tz} ${w.start}-${w.end} ${new Date(t).toISOString()}`).toBe(false);
          // Nothing callable was skipped: a quarter hour earlier is still quiet (or before t).
          if (next > t) expect(next - 900_000 < t || isQuietHour(next - 900_000, tz, w)).toBe(true);
        }
      }
    }
  });
});
