/** Google-specific behaviour beyond the kit's conformance suite. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError, type CalendarEventInput } from '@voxanne/connector-kit';
import { createGoogleCalendar, googleEventIdForBooking, toCalendarEvent, verifyGooglePush } from '../src/index.ts';
import { googleError, startFakeGoogle, type FakeGoogle } from '../src/testing/index.ts';

let fake: FakeGoogle;
const CAL = 'ops@group.calendar.google.com';
const settings = (over: Record<string, unknown> = {}) => ({
  clientId: fake.clientId,
  clientSecret: fake.clientSecret,
  refreshToken: fake.refreshToken,
  rootUrl: `${fake.url}/`,
  tokenUrl: `${fake.url}/token`,
  timeoutMs: 2000,
  ...over,
});
const input = (bookingId: string, over: Partial<CalendarEventInput> = {}): CalendarEventInput => ({
  start: '2032-03-09T14:00:00Z',
  end: '2032-03-09T14:30:00Z',
  summary: 'Checkup',
  bookingId,
  timeZone: 'America/Chicago',
  ...over,
});

beforeAll(async () => {
  fake = await startFakeGoogle({ calendars: [CAL], maxChannelTtlSeconds: 600 });
});
afterAll(() => fake.close());

async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}
const tokenRequests = () => fake.http.find('POST', '/token').length;

describe('auth and transport', () => {
  it('refreshes the access token once and reuses it', async () => {
    const cal = createGoogleCalendar(settings());
    const before = tokenRequests();
    await cal.testConnection();
    await cal.freeBusy({ calendarIds: [CAL], timeMin: '2032-01-01T00:00:00Z', timeMax: '2032-01-02T00:00:00Z' });
    await cal.listChanges({ calendarId: CAL });
    expect(tokenRequests() - before).toBe(1);
    const apiCall = fake.http.find('POST', '/calendar/v3/freeBusy').at(-1)!;
    expect(apiCall.headers.authorization).toMatch(/^Bearer ya29\./);
  });

  it('does not retry a failing token endpoint or API call itself (retries belong to the kit policy)', async () => {
    const cal = createGoogleCalendar(settings());
    const before = fake.http.requests.length;
    fake.failNext(503); // hits the token refresh: this fresh connector has no access token yet
    expect(await rejection(cal.listChanges({ calendarId: CAL }))).toMatchObject({ code: 'vendor_unavailable', retryable: true, status: 503 });
    expect(fake.http.requests.slice(before).map((r) => r.path)).toEqual(['/token']);

    await cal.listChanges({ calendarId: CAL }); // token now cached
    const mark = fake.http.requests.length;
    fake.failNext(500);
    expect(await rejection(cal.listChanges({ calendarId: CAL }))).toMatchObject({ code: 'vendor_unavailable', retryable: true });
    expect(fake.http.requests.length - mark).toBe(1);
  });

  it("maps Google's 403 rateLimitExceeded to rate_limited (retryable), other 403s to forbidden", async () => {
    const cal = createGoogleCalendar(settings());
    await cal.testConnection();
    fake.failNext(403, 1, googleError(403, 'rateLimitExceeded', 'Rate Limit Exceeded').json);
    expect(await rejection(cal.insertEvent(CAL, input('bk_rl')))).toMatchObject({ code: 'rate_limited', retryable: true, vendorCode: 'rateLimitExceeded' });
    fake.failNext(403, 1, googleError(403, 'forbiddenForNonOrganizer', 'Forbidden').json);
    expect(await rejection(cal.insertEvent(CAL, input('bk_rl')))).toMatchObject({ code: 'forbidden', retryable: false });
  });

  it('maps a revoked refresh token to unauthorized (invalid_grant) and a wrong client secret likewise', async () => {
    const token = fake.issueRefreshToken();
    const cal = createGoogleCalendar(settings({ refreshToken: token }));
    await cal.testConnection();
    fake.revokeRefreshToken(token);
    // The cached access token was revoked with it: the API says 401, the library refreshes, Google says invalid_grant.
    const err = await rejection(createGoogleCalendar(settings({ refreshToken: token })).listChanges({ calendarId: CAL }));
    expect(err).toMatchObject({ code: 'unauthorized', retryable: false, vendorCode: 'invalid_grant' });
    const badClient = await rejection(createGoogleCalendar(settings({ clientSecret: 'nope' })).listChanges({ calendarId: CAL }));
    expect(badClient).toMatchObject({ code: 'unauthorized', vendorCode: 'invalid_client' });
  });

  it('maps a dropped connection to network and a slow answer to timeout', async () => {
    const cal = createGoogleCalendar(settings({ timeoutMs: 100 }));
    fake.http.dropNext();
    expect(await rejection(cal.listChanges({ calendarId: CAL }))).toMatchObject({ code: 'network', retryable: true });
    fake.http.delayNext(1000);
    expect(await rejection(cal.listChanges({ calendarId: CAL }))).toMatchObject({ code: 'timeout', retryable: true });
  });
});

describe('events', () => {
  it('sends the booking id, time zone and sendUpdates=none the way Google documents', async () => {
    const cal = createGoogleCalendar(settings());
    const { eventId } = await cal.insertEvent(CAL, input('bk_wire', { description: 'K7Q2' }));
    const req = fake.http.find('POST', '/calendar/v3/calendars/:id/events').at(-1)!;
    expect(req.query.get('sendUpdates')).toBe('none');
    expect(req.body).toMatchObject({
      id: eventId,
      summary: 'Checkup',
      description: 'K7Q2',
      start: { dateTime: '2032-03-09T14:00:00Z', timeZone: 'America/Chicago' },
      end: { dateTime: '2032-03-09T14:30:00Z', timeZone: 'America/Chicago' },
      extendedProperties: { private: { voxanneBookingId: 'bk_wire' } },
    });
    expect(eventId).toBe(googleEventIdForBooking('bk_wire'));
    expect(eventId).toMatch(/^[a-v0-9]{5,1024}$/);
  });

  it('makes a repeated insert for the same booking land on the same event, and restores a deleted one', async () => {
    const cal = createGoogleCalendar(settings());
    const a = await cal.insertEvent(CAL, input('bk_twice'));
    const b = await cal.insertEvent(CAL, input('bk_twice', { summary: 'Checkup (retry)' }));
    expect(b.eventId).toBe(a.eventId);
    expect(fake.event(CAL, a.eventId)?.summary).toBe('Checkup (retry)');
    await cal.deleteEvent(CAL, a.eventId);
    await cal.insertEvent(CAL, input('bk_twice'));
    expect(fake.event(CAL, a.eventId)?.status).toBe('confirmed');
  });

  it('refuses to adopt an event with our id that is not ours', async () => {
    await fake.addEvent(CAL, { id: googleEventIdForBooking('bk_squatted'), start: '2032-03-10T10:00:00Z', end: '2032-03-10T11:00:00Z' });
    const err = await rejection(createGoogleCalendar(settings()).insertEvent(CAL, input('bk_squatted')));
    expect(err).toMatchObject({ code: 'conflict', retryable: false });
  });

  it('changes only the time zone when a patch carries only timeZone', async () => {
    const cal = createGoogleCalendar(settings());
    const { eventId } = await cal.insertEvent(CAL, input('bk_tz'));
    await cal.patchEvent(CAL, eventId, { timeZone: 'America/Denver' });
    expect(fake.event(CAL, eventId)?.start).toEqual({ dateTime: '2032-03-09T14:00:00Z', timeZone: 'America/Denver' });
  });

  it('maps all-day and transparent events', () => {
    expect(
      toCalendarEvent({ id: 'abc12', status: 'confirmed', start: { date: '2032-03-09' }, end: { date: '2032-03-10' }, transparency: 'transparent' }),
    ).toMatchObject({ allDay: true, start: '2032-03-09', end: '2032-03-10', transparency: 'transparent', bookingId: null });
  });
});

describe('freeBusy and channels', () => {
  it("splits more than 50 calendars into several queries (Google's per-query cap), keeping the order", async () => {
    const cal = createGoogleCalendar(settings());
    const ids = [CAL, ...Array.from({ length: 51 }, (_, i) => `c${i}@group.calendar.google.com`)];
    const before = fake.http.find('POST', '/calendar/v3/freeBusy').length;
    const res = await cal.freeBusy({ calendarIds: ids, timeMin: '2032-01-01T00:00:00Z', timeMax: '2032-01-02T00:00:00Z' });
    expect(fake.http.find('POST', '/calendar/v3/freeBusy').length - before).toBe(2);
    expect(res.map((r) => r.calendarId)).toEqual(ids);
    expect(res[0]!.error).toBeUndefined();
    expect(res[1]!.error).toBe('notFound');
  });

  it('asks for the ttl and reports the expiration Google actually granted', async () => {
    const cal = createGoogleCalendar(settings());
    const before = Date.now();
    const w = await cal.watch({ calendarId: CAL, address: `${fake.url}/nowhere`, channelId: 'chan-ttl', token: 't', ttlSeconds: 86_400 });
    const req = fake.http.find('POST', '/calendar/v3/calendars/:id/events/watch').at(-1)!;
    expect(req.body).toMatchObject({ id: 'chan-ttl', type: 'web_hook', token: 't', params: { ttl: '86400' } });
    // The fake caps channels at 600 s, so renewal must be scheduled from this, not from the request.
    expect(Date.parse(w.expiration)).toBeLessThanOrEqual(before + 600_000 + 5_000);
    expect(await rejection(cal.watch({ calendarId: CAL, address: `${fake.url}/nowhere`, channelId: 'chan-ttl', token: 't', ttlSeconds: 60 }))).toMatchObject({
      code: 'invalid_request',
    });
    await cal.stopChannel({ channelId: 'chan-ttl', resourceId: w.resourceId });
  });

  it('rejects malformed push headers', () => {
    const good = {
      'x-goog-channel-id': 'c1',
      'x-goog-channel-token': 'tok',
      'x-goog-resource-id': 'r1',
      'x-goog-resource-state': 'exists',
      'x-goog-message-number': '7',
    };
    expect(verifyGooglePush(good, 'tok')).toEqual({ channelId: 'c1', resourceId: 'r1', resourceState: 'exists', messageNumber: 7 });
    expect(verifyGooglePush({ ...good, 'x-goog-channel-token': ['tok', 'tok'] }, 'tok')).toBeNull();
    expect(verifyGooglePush({ ...good, 'x-goog-message-number': 'seven' }, 'tok')).toBeNull();
    expect(verifyGooglePush({ ...good, 'x-goog-channel-id': undefined }, 'tok')).toBeNull();
  });
});
