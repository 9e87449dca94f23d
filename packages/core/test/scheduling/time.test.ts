import { describe, expect, it } from 'vitest';
import { formatInZone, isValidTimezone, localToUtc, parseLocalDate } from '../../src/modules/scheduling/time.ts';
import { workingIntervals } from '../../src/modules/scheduling/hours.ts';
import { nextSendable } from '../../src/modules/sms/quiet-hours.ts';
import { freeSlots } from '../../src/modules/availability/slots.ts';

const NY = 'America/New_York';

describe('wall-clock time in IANA zones', () => {
  it('reads 09:00 with the offset in force that day, on both sides of each DST change', () => {
    expect(new Date(localToUtc(parseLocalDate('2027-03-13'), 9 * 60, NY)).toISOString()).toBe('2027-03-13T14:00:00.000Z');
    expect(new Date(localToUtc(parseLocalDate('2027-03-14'), 9 * 60, NY)).toISOString()).toBe('2027-03-14T13:00:00.000Z');
    expect(new Date(localToUtc(parseLocalDate('2027-11-06'), 9 * 60, NY)).toISOString()).toBe('2027-11-06T13:00:00.000Z');
    expect(new Date(localToUtc(parseLocalDate('2027-11-07'), 9 * 60, NY)).toISOString()).toBe('2027-11-07T14:00:00.000Z');
  });

  it('moves a time skipped by spring-forward later, and takes the first of a repeated fall-back time', () => {
    // 02:30 does not exist on 2027-03-14 in New York: it becomes 03:30 EDT.
    expect(formatInZone(localToUtc(parseLocalDate('2027-03-14'), 150, NY), NY)).toBe('2027-03-14T03:30:00-04:00');
    // 01:30 happens twice on 2027-11-07: the first one is still daylight time.
    expect(formatInZone(localToUtc(parseLocalDate('2027-11-07'), 90, NY), NY)).toBe('2027-11-07T01:30:00-04:00');
  });

  it('formats instants with the zone offset, never the server zone', () => {
    expect(formatInZone(Date.parse('2027-01-15T17:00:00Z'), 'Asia/Kolkata')).toBe('2027-01-15T22:30:00+05:30');
    expect(formatInZone(Date.parse('2027-01-15T17:00:00Z'), 'UTC')).toBe('2027-01-15T17:00:00+00:00');
  });

  it('accepts IANA names only', () => {
    expect(isValidTimezone('America/New_York')).toBe(true);
    expect(isValidTimezone('UTC')).toBe(true);
    expect(isValidTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimezone('+05:00')).toBe(false);
  });

  it('makes a day across spring-forward 23 hours long', () => {
    const day = workingIntervals({
      weekly: [{ day: 'sun', start: '00:00', end: '24:00' }],
      exceptions: [],
      closures: [],
      tz: NY,
      fromMs: Date.parse('2027-03-14T05:00:00Z'),
      toMs: Date.parse('2027-03-15T03:59:00Z'),
    });
    expect(day).toHaveLength(1);
    expect((day[0]!.end - day[0]!.start) / 3_600_000).toBe(23);
  });
});

describe('quiet hours', () => {
  it('defers a 22:30 send to 08:00 the next morning, local time', () => {
    const at = nextSendable(Date.parse('2027-01-15T03:30:00Z'), NY); // 22:30 EST on the 14th
    expect(formatInZone(at, NY)).toBe('2027-01-15T08:00:00-05:00');
  });
  it('defers an early-morning send to 08:00 the same day and leaves daytime alone', () => {
    expect(formatInZone(nextSendable(Date.parse('2027-01-15T11:00:00Z'), NY), NY)).toBe('2027-01-15T08:00:00-05:00');
    expect(nextSendable(Date.parse('2027-01-15T15:00:00Z'), NY)).toBe(Date.parse('2027-01-15T15:00:00Z'));
  });
});

describe('free slots', () => {
  it('keeps buffers clear of other bookings and aligns to the opening time', () => {
    const h = 3_600_000;
    const base = Date.parse('2027-01-15T14:00:00Z');
    const { slots } = freeSlots(
      [{ id: 'res_1', working: [{ start: base, end: base + 3 * h }], busy: [{ start: base + h, end: base + h + 30 * 60_000 }] }],
      { durationMs: 30 * 60_000, beforeMs: 0, afterMs: 15 * 60_000, stepMs: 30 * 60_000 },
      { fromMs: base, toMs: base + 3 * h, notBeforeMs: 0 },
      100,
    );
    // 10:30 would end at 11:00 plus a 15-minute buffer, overlapping the 11:00 booking.
    expect(slots.map((s) => (s.start - base) / 60_000)).toEqual([0, 90, 120, 150]);
  });
});
