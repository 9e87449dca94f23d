/**
 * Recurring events. Google stores a series as one event with an RRULE; only `singleEvents=true` turns it
 * into one event per occurrence. Listed without it, a weekly meeting is one busy block in its first week and
 * nothing after, which is the bug these tests guard against.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleCalendar } from '../src/index.ts';
import { startFakeGoogle, type FakeGoogle } from '../src/testing/index.ts';

let fake: FakeGoogle;
let cal: ReturnType<typeof createGoogleCalendar>;
const CAL = 'ops@group.calendar.google.com';

beforeAll(async () => {
  // Two events per page, so a series spans several pages.
  fake = await startFakeGoogle({ calendars: [CAL], maxPageSize: 2 });
  cal = createGoogleCalendar({ clientId: fake.clientId, clientSecret: fake.clientSecret, refreshToken: fake.refreshToken, rootUrl: `${fake.url}/`, tokenUrl: `${fake.url}/token`, timeoutMs: 2000 });
});
afterAll(() => fake.close());

const WEEK = 7 * 86_400_000;
const lists = () => fake.http.find('GET', '/calendar/v3/calendars/:id/events');

/** A direct Calendar API call with a fresh access token, to see what the fake itself serves. */
async function raw(calendarId: string, query: Record<string, string>) {
  const token = await fetch(`${fake.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: fake.refreshToken, client_id: fake.clientId, client_secret: fake.clientSecret }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const items: Record<string, unknown>[] = [];
  let pageToken: string | undefined;
  do {
    const q = new URLSearchParams({ ...query, ...(pageToken ? { pageToken } : {}) });
    const res = await fetch(`${fake.url}/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events?${q}`, { headers: { authorization: `Bearer ${token.access_token}` } });
    if (!res.ok) throw new Error(`fake google answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { items: Record<string, unknown>[]; nextPageToken?: string };
    items.push(...body.items);
    pageToken = body.nextPageToken;
  } while (pageToken);
  return items;
}

describe('a weekly series', () => {
  let masterId: string;
  let syncToken: string;

  it('is listed one instance per week, in start order, across pages (singleEvents + orderBy startTime)', async () => {
    const master = await fake.addEvent(CAL, {
      start: '2032-03-09T14:00:00Z',
      end: '2032-03-09T15:00:00Z',
      summary: 'Staff meeting',
      timeZone: 'UTC',
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=5'],
    });
    masterId = master.id!;
    await fake.addEvent(CAL, { start: '2032-03-10T09:00:00Z', end: '2032-03-10T09:30:00Z', summary: 'One-off' });

    const before = lists().length;
    const res = await cal.listChanges({ calendarId: CAL });
    syncToken = res.nextSyncToken;
    const full = lists().slice(before);
    expect(full.length).toBeGreaterThan(1);
    expect(full[0]!.query.get('singleEvents')).toBe('true');
    expect(full[0]!.query.get('orderBy')).toBe('startTime');

    const series = res.events.filter((e) => e.recurringEventId === masterId);
    expect(series.map((e) => e.eventId)).toEqual(['20320309T140000Z', '20320316T140000Z', '20320323T140000Z', '20320330T140000Z', '20320406T140000Z'].map((s) => `${masterId}_${s}`));
    series.forEach((e, i) => {
      expect(Date.parse(e.start!)).toBe(Date.parse('2032-03-09T14:00:00Z') + i * WEEK);
      expect(Date.parse(e.end!) - Date.parse(e.start!)).toBe(3_600_000);
      expect(e.status).toBe('confirmed');
    });
    // The master itself (one block in the first week) is never listed.
    expect(res.events.some((e) => e.eventId === masterId)).toBe(false);
    const starts = res.events.map((e) => Date.parse(e.start!));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('reports a cancelled occurrence as a cancelled instance in incremental sync, and a full list leaves it out', async () => {
    await fake.cancelOccurrence(CAL, masterId, '2032-03-16T14:00:00Z');
    const before = lists().length;
    const inc = await cal.listChanges({ calendarId: CAL, syncToken });
    const req = lists().slice(before)[0]!;
    expect(req.query.get('singleEvents')).toBe('true');
    // Google refuses orderBy together with a sync token.
    expect(req.query.has('orderBy')).toBe(false);
    expect(inc.events).toEqual([expect.objectContaining({ eventId: `${masterId}_20320316T140000Z`, status: 'cancelled', recurringEventId: masterId })]);
    syncToken = inc.nextSyncToken;

    const full = await cal.listChanges({ calendarId: CAL });
    const ids = full.events.filter((e) => e.recurringEventId === masterId).map((e) => e.eventId);
    expect(ids).toHaveLength(4);
    expect(ids).not.toContain(`${masterId}_20320316T140000Z`);
  });

  it('is busy in every week for freeBusy, except the cancelled one', async () => {
    const [res] = await cal.freeBusy({ calendarIds: [CAL], timeMin: '2032-03-15T00:00:00Z', timeMax: '2032-03-31T00:00:00Z' });
    expect(res!.busy).toEqual([
      { start: '2032-03-23T14:00:00.000Z', end: '2032-03-23T15:00:00.000Z' },
      { start: '2032-03-30T14:00:00.000Z', end: '2032-03-30T15:00:00.000Z' },
    ]);
  });

  it('cancels every remaining instance when the whole series is deleted', async () => {
    await fake.removeEvent(CAL, masterId);
    const inc = await cal.listChanges({ calendarId: CAL, syncToken });
    const cancelled = inc.events.filter((e) => e.recurringEventId === masterId);
    expect(cancelled.length).toBeGreaterThanOrEqual(4);
    expect(cancelled.every((e) => e.status === 'cancelled')).toBe(true);
  });
});

describe('the fake, compared with what Google documents', () => {
  it('serves the master with its recurrence (and the exceptions) when singleEvents is not set', async () => {
    const master = await fake.addEvent(CAL, { start: '2033-01-04T14:00:00Z', end: '2033-01-04T15:00:00Z', timeZone: 'UTC', recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'] });
    await fake.cancelOccurrence(CAL, master.id!, '2033-01-11T14:00:00Z');
    const items = await raw(CAL, {});
    expect(items.find((e) => e.id === master.id)).toMatchObject({ recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'], start: { dateTime: '2033-01-04T14:00:00Z', timeZone: 'UTC' } });
    expect(items.find((e) => e.id === `${master.id}_20330111T140000Z`)).toMatchObject({
      status: 'cancelled',
      recurringEventId: master.id,
      originalStartTime: { dateTime: '2033-01-11T14:00:00Z', timeZone: 'UTC' },
    });
    expect(items.some((e) => e.id === `${master.id}_20330104T140000Z`)).toBe(false);
  });

  it('expands at the same wall-clock time in the series time zone, across a DST change', async () => {
    // US daylight saving time ends on Sunday 7 November 2032: 10:00 in New York is 14:00Z before, 15:00Z after.
    const master = await fake.addEvent(CAL, {
      start: '2032-11-01T10:00:00-04:00',
      end: '2032-11-01T10:30:00-04:00',
      timeZone: 'America/New_York',
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=2'],
    });
    const instances = (await raw(CAL, { singleEvents: 'true' })).filter((e) => e.recurringEventId === master.id);
    expect(instances.map((e) => Date.parse((e.start as { dateTime: string }).dateTime))).toEqual([Date.parse('2032-11-01T14:00:00Z'), Date.parse('2032-11-08T15:00:00Z')]);
    expect(instances.map((e) => e.id)).toEqual([`${master.id}_20321101T140000Z`, `${master.id}_20321108T150000Z`]);
  });

  it('refuses orderBy=startTime without singleEvents, and a recurring event without a start time zone, as Google does', async () => {
    await expect(raw(CAL, { orderBy: 'startTime' })).rejects.toThrow();
    await expect(fake.addEvent(CAL, { start: '2033-02-01T14:00:00Z', end: '2033-02-01T15:00:00Z', recurrence: ['RRULE:FREQ=WEEKLY;COUNT=2'] })).rejects.toThrow(/time zone/);
  });
});
