/**
 * CalendarConnector on Google Calendar v3 through the official `@googleapis/calendar` client and a
 * google-auth-library OAuth2Client holding the org's refresh token (the library refreshes access
 * tokens itself and caches them for the life of this instance). SDK retries are off: see transport.ts.
 */
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';
import { ConnectorError, type CalendarBusy, type CalendarConnector, type ConnectionCheck } from '@voxanne/connector-kit';
import { GOOGLE_CALENDAR, googleErrorInfo, mapGoogleError } from './errors.ts';
import { toCalendarEvent, toGoogleEvent, toGooglePatch } from './events.ts';
import { verifyGooglePush } from './push.ts';
import { createTransport } from './transport.ts';

export interface GoogleCalendarSettings {
  clientId: string;
  clientSecret: string;
  /** The org's offline refresh token, from CalendarOAuth.exchangeCode. */
  refreshToken: string;
  /** Default https://www.googleapis.com/. Only the origin is used; paths stay /calendar/v3/... */
  rootUrl?: string;
  /** Default https://oauth2.googleapis.com/token. */
  tokenUrl?: string;
  /** Per HTTP request (token refresh and API call each). Default 15 000. */
  timeoutMs?: number;
}

export const GOOGLE_ROOT_URL = 'https://www.googleapis.com/';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** Google's cap on calendars per freeBusy query. */
const FREEBUSY_MAX_ITEMS = 50;
/** A runaway pagination loop is a vendor bug, not something to follow forever. */
const MAX_PAGES = 1000;

/** The Calendar API client the connector and the OAuth helper share. */
export function googleCalendarClient(auth: OAuth2Client, rootUrl: string | undefined): calendar_v3.Calendar {
  return calendar({ version: 'v3', auth, rootUrl: rootUrl ?? GOOGLE_ROOT_URL });
}

export function createGoogleCalendar(settings: GoogleCalendarSettings): CalendarConnector {
  const timeout = settings.timeoutMs ?? 15_000;
  const auth = new OAuth2Client({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    endpoints: { oauth2TokenUrl: settings.tokenUrl ?? GOOGLE_TOKEN_URL },
    transporter: createTransport(timeout),
  });
  auth.setCredentials({ refresh_token: settings.refreshToken });
  const api = googleCalendarClient(auth, settings.rootUrl);
  const opts = { retry: false, timeout };

  const call = async <T>(action: string, fn: () => Promise<{ data: T }>): Promise<T> => {
    try {
      return (await fn()).data;
    } catch (e) {
      throw mapGoogleError(e, action);
    }
  };
  const invalidResponse = (message: string) =>
    new ConnectorError({ connector: GOOGLE_CALENDAR, code: 'invalid_response', message: `google-calendar: ${message}` });
  const ref = (e: calendar_v3.Schema$Event) => {
    if (!e.id || !e.etag) throw invalidResponse('event response has no id/etag');
    return { eventId: e.id, etag: e.etag };
  };
  const isStatus = (e: unknown, ...statuses: number[]) => e instanceof ConnectorError && e.status !== undefined && statuses.includes(e.status);

  const freeBusyChunk = async (ids: string[], timeMin: string, timeMax: string): Promise<CalendarBusy[]> => {
    const data = await call('query free/busy', () =>
      api.freebusy.query({ requestBody: { timeMin, timeMax, items: ids.map((id) => ({ id })) } }, opts),
    );
    return ids.map((calendarId) => {
      const c = data.calendars?.[calendarId];
      const busy = (c?.busy ?? []).filter((b) => b.start && b.end).map((b) => ({ start: b.start!, end: b.end! }));
      const errors = (c?.errors ?? []).map((x) => x.reason ?? 'error');
      // A calendar missing from the answer was not checked: say so rather than report it free.
      const error = !c ? 'missing from response' : errors.length ? errors.join(', ') : undefined;
      return { calendarId, busy: error ? [] : busy, ...(error ? { error } : {}) };
    });
  };

  return {
    id: GOOGLE_CALENDAR,

    async freeBusy({ calendarIds, timeMin, timeMax }) {
      const out: CalendarBusy[] = [];
      for (let i = 0; i < calendarIds.length; i += FREEBUSY_MAX_ITEMS) {
        out.push(...(await freeBusyChunk(calendarIds.slice(i, i + FREEBUSY_MAX_ITEMS), timeMin, timeMax)));
      }
      return out;
    },

    async insertEvent(calendarId, input) {
      const body = toGoogleEvent(input);
      try {
        return ref(await call('insert event', () => api.events.insert({ calendarId, sendUpdates: 'none', requestBody: body }, opts)));
      } catch (e) {
        if (!isStatus(e, 409)) throw e;
      }
      // 409: an event with our deterministic id exists — an earlier attempt landed. Adopt it if it
      // is ours, restoring it if it was deleted since; anything else is a genuine conflict.
      const existing = await call('get event', () => api.events.get({ calendarId, eventId: body.id! }, opts));
      if (toCalendarEvent(existing).bookingId !== input.bookingId) {
        throw new ConnectorError({ connector: GOOGLE_CALENDAR, code: 'conflict', status: 409, message: 'google-calendar: event id taken by another event' });
      }
      const { id: _id, ...fields } = body;
      return ref(
        await call('restore event', () => api.events.patch({ calendarId, eventId: body.id!, sendUpdates: 'none', requestBody: fields }, opts)),
      );
    },

    async patchEvent(calendarId, eventId, patch) {
      return ref(await call('patch event', () => api.events.patch({ calendarId, eventId, sendUpdates: 'none', requestBody: toGooglePatch(patch) }, opts)));
    },

    async deleteEvent(calendarId, eventId) {
      try {
        await call('delete event', () => api.events.delete({ calendarId, eventId, sendUpdates: 'none' }, opts));
      } catch (e) {
        // 404: never existed / already purged; 410: already deleted. Either way it is gone.
        if (!isStatus(e, 404, 410)) throw e;
      }
    },

    async watch({ calendarId, address, channelId, token, ttlSeconds }) {
      const ch = await call('watch events', () =>
        api.events.watch(
          { calendarId, requestBody: { id: channelId, type: 'web_hook', address, token, params: { ttl: String(Math.max(1, Math.floor(ttlSeconds))) } } },
          opts,
        ),
      );
      const expiration = Number(ch.expiration);
      if (!ch.resourceId || !Number.isFinite(expiration)) throw invalidResponse('watch response has no resourceId/expiration');
      return { resourceId: ch.resourceId, expiration: new Date(expiration).toISOString() };
    },

    async stopChannel({ channelId, resourceId }) {
      try {
        await call('stop channel', () => api.channels.stop({ requestBody: { id: channelId, resourceId } }, opts));
      } catch (e) {
        // Unknown or already-expired channel: nothing left to stop.
        if (!isStatus(e, 404)) throw e;
      }
    },

    async listChanges({ calendarId, syncToken }) {
      const events = [];
      let pageToken: string | undefined;
      // singleEvents: a recurring series comes back as one event per occurrence (ids `<series>_<start>`); without
      // it Google sends the series once, with the first occurrence's times and an RRULE we would have to expand.
      // An incremental list must repeat it (the token's changes follow it) but may not order: Google refuses
      // orderBy together with syncToken.
      const query = syncToken ? { syncToken, singleEvents: true } : { singleEvents: true, orderBy: 'startTime' };
      for (let page = 0; page < MAX_PAGES; page++) {
        let data: calendar_v3.Schema$Events;
        try {
          data = (await api.events.list({ calendarId, maxResults: 250, ...query, ...(pageToken ? { pageToken } : {}) }, opts)).data;
        } catch (e) {
          const info = googleErrorInfo(e);
          if (info.status === 410) {
            throw new ConnectorError({
              connector: GOOGLE_CALENDAR,
              code: 'sync_token_expired',
              retryable: false,
              status: 410,
              vendorCode: info.reason ?? 'fullSyncRequired',
              message: 'google-calendar: sync token no longer valid; a full resync is required',
              cause: e,
            });
          }
          throw mapGoogleError(e, 'list events');
        }
        events.push(...(data.items ?? []).map(toCalendarEvent));
        if (data.nextPageToken) {
          pageToken = data.nextPageToken;
          continue;
        }
        if (!data.nextSyncToken) throw invalidResponse('last events page has no nextSyncToken');
        return { events, nextSyncToken: data.nextSyncToken };
      }
      throw invalidResponse(`events list did not end within ${MAX_PAGES} pages`);
    },

    verifyPush: verifyGooglePush,

    async testConnection(): Promise<ConnectionCheck> {
      try {
        const primary = await call('get primary calendar', () => api.calendars.get({ calendarId: 'primary' }, opts));
        return { ok: true, detail: `Google Calendar connected as ${primary.id ?? 'unknown account'}` };
      } catch (e) {
        const err = e as ConnectorError;
        if (err.code === 'unauthorized') return { ok: false, detail: 'Google rejected the stored authorization; reconnect the calendar' };
        return { ok: false, detail: err.message };
      }
    },
  };
}
