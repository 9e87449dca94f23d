/** Wires a fake Google and a real Google Calendar connector into the kit's calendar conformance suite. */
import { BOOKING_ID_PROPERTY } from '@voxanne/connector-kit';
import type { CalendarConformanceContext } from '@voxanne/connector-kit/testing';
import { createGoogleCalendar } from '../calendar.ts';
import { startFakeGoogle, type FakeGoogleOptions } from './fake-google.ts';

export async function googleCalendarConformanceContext(opts: FakeGoogleOptions = {}): Promise<CalendarConformanceContext> {
  // A small page size makes every full sync in the suite span several pages.
  const fake = await startFakeGoogle({ maxPageSize: 3, calendars: ['ops@group.calendar.google.com'], ...opts });
  const settings = {
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    refreshToken: fake.refreshToken,
    rootUrl: `${fake.url}/`,
    tokenUrl: `${fake.url}/token`,
    timeoutMs: 5000,
  };
  return {
    connector: createGoogleCalendar(settings),
    calendarId: 'ops@group.calendar.google.com',
    unknownCalendarId: 'nobody@group.calendar.google.com',
    vendor: {
      event(calendarId, eventId) {
        const e = fake.event(calendarId, eventId);
        return (
          e && {
            summary: e.summary ?? null,
            description: e.description ?? null,
            start: e.start?.dateTime ?? '',
            end: e.end?.dateTime ?? '',
            timeZone: e.start?.timeZone ?? null,
            bookingId: e.extendedProperties?.private?.[BOOKING_ID_PROPERTY] ?? null,
            status: (e.status ?? 'confirmed') as 'confirmed' | 'tentative' | 'cancelled',
          }
        );
      },
      async addExternalEvent(calendarId, e) {
        const stored = await fake.addEvent(calendarId, e);
        return { eventId: stored.id! };
      },
      removeEvent: (calendarId, eventId) => fake.removeEvent(calendarId, eventId),
      invalidateSyncTokens: (calendarId) => fake.invalidateSyncTokens(calendarId),
      channel(channelId) {
        const c = fake.channels.get(channelId);
        return c && { calendarId: c.calendarId, address: c.address, token: c.token, resourceId: c.resourceId };
      },
    },
    withBadCredentials() {
      const secret = '1//revoked-refresh-token-9f3e';
      return { connector: createGoogleCalendar({ ...settings, refreshToken: secret }), secret };
    },
    failNext: (status, times) => fake.failNext(status, times),
    teardown: () => fake.close(),
  };
}
