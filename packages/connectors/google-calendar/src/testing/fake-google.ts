/**
 * A fake Google: the OAuth endpoints (consent redirect, /token with the refresh_token and
 * authorization_code grants) and the Calendar v3 resources the connector uses — freeBusy, events
 * insert/get/patch/delete/list (with sync tokens and 410 on an invalidated one), events.watch,
 * channels.stop and calendars.get — with Google's error bodies. Changes to a watched calendar are
 * pushed to the channel address with Google's X-Goog-* headers and an empty body.
 */
import { randomUUID } from 'node:crypto';
import { bearerToken, startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '@voxanne/connector-kit/testing';
import {
  busyBlocks,
  invalidEvent,
  issueSyncToken,
  listEvents,
  mergePatch,
  newCalendar,
  occurrences,
  opaqueId,
  touch,
  type FakeCalendar,
  type GoogleEvent,
} from './fake-calendar-state.ts';
import { createPushDispatcher, type FakeChannel } from './fake-push.ts';
import { registerOAuthRoutes, type OAuthState } from './fake-oauth.ts';

export interface FakeGoogleOptions {
  clientId?: string;
  clientSecret?: string;
  /** The connected account; also the id of its primary calendar. */
  email?: string;
  /** A refresh token that works from the start. */
  refreshToken?: string;
  /** Further calendars the account can use, besides its primary one. */
  calendars?: string[];
  /** Cap on events.list page size. Google's default is 250; a small value exercises paging. */
  maxPageSize?: number;
  /** Longest channel lifetime granted. Default 604 800 s (Google's default for events). */
  maxChannelTtlSeconds?: number;
}

export interface FakeGoogle {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly email: string;
  readonly refreshToken: string;
  readonly http: FakeServer;
  readonly calendars: Map<string, FakeCalendar>;
  readonly channels: Map<string, FakeChannel>;
  /** Issues another valid refresh token for the account. */
  issueRefreshToken(): string;
  /** Revokes a refresh token (and its access tokens): later use gets invalid_grant. */
  revokeRefreshToken(token: string): void;
  /** What the consent screen would hand back: a one-time authorization code bound to redirectUri. */
  issueCode(redirectUri: string): string;
  /**
   * Adds an event as someone at the clinic would, directly in Google. Resolves once pushes are delivered.
   * `recurrence` (e.g. `['RRULE:FREQ=WEEKLY;COUNT=6']`) makes it a series, which needs `timeZone`.
   */
  addEvent(
    calendarId: string,
    e: { start: string; end: string; summary?: string; transparent?: boolean; id?: string; timeZone?: string; recurrence?: string[] },
  ): Promise<GoogleEvent>;
  /** Deletes an event (a whole series, for a series) directly in Google (tombstone). Resolves once pushes are delivered. */
  removeEvent(calendarId: string, eventId: string): Promise<void>;
  /** Cancels one occurrence of a series (an exception), given its original start. Resolves once pushes are delivered. */
  cancelOccurrence(calendarId: string, seriesId: string, originalStart: string): Promise<GoogleEvent>;
  event(calendarId: string, eventId: string): GoogleEvent | undefined;
  /** Every sync token issued so far for the calendar becomes invalid (410 fullSyncRequired). */
  invalidateSyncTokens(calendarId: string): void;
  /** Sends an `exists` notification to every channel on the calendar; resolves with the HTTP statuses. */
  notify(calendarId: string): Promise<number[]>;
  failNext(status: number, times?: number, json?: unknown): void;
  close(): Promise<void>;
}

/** Google's API error body. */
export function googleError(status: number, reason: string, message: string): FakeReply {
  const statusNames: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS', 410: 'FAILED_PRECONDITION' };
  return { status, json: { error: { code: status, message, errors: [{ domain: 'global', reason, message }], ...(statusNames[status] ? { status: statusNames[status] } : {}) } } };
}

const body = (req: FakeRequest): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
const FORBIDDEN_WITH_SYNC_TOKEN = ['iCalUID', 'orderBy', 'privateExtendedProperty', 'sharedExtendedProperty', 'q', 'timeMin', 'timeMax', 'updatedMin'];

/** A series occurrence by id (`<seriesId>_<original start>`), generated or stored as an exception. */
function occurrenceOf(cal: FakeCalendar, id: string): GoogleEvent | undefined {
  const series = cal.events.get(id.slice(0, id.lastIndexOf('_')))?.json;
  return series?.recurrence ? occurrences(cal, series).find((o) => o.id === id) : undefined;
}

export async function startFakeGoogle(opts: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const email = opts.email ?? 'frontdesk@brightsmile.test';
  const oauth: OAuthState = {
    clientId: opts.clientId ?? 'fake-client-id.apps.googleusercontent.com',
    clientSecret: opts.clientSecret ?? 'fake-client-secret',
    email,
    refreshTokens: new Set([opts.refreshToken ?? 'google-refresh-token']),
    accessTokens: new Map(),
    codes: new Map(),
  };
  const calendars = new Map<string, FakeCalendar>([[email, newCalendar(email)]]);
  for (const id of opts.calendars ?? []) calendars.set(id, newCalendar(id));
  const channels = new Map<string, FakeChannel>();
  const pageSize = opts.maxPageSize ?? 250;
  const pages = new Map<string, { items: GoogleEvent[]; offset: number; syncSeq: number; calendarId: string; singleEvents: boolean }>();
  // Google expects an incremental list to repeat the full list's other parameters; singleEvents changes what
  // the token's changes look like, so the fake holds the caller to it.
  const tokenSingleEvents = new Map<string, boolean>();

  const http = await startFakeServer({
    authorize: (req) => {
      if (!req.path.startsWith('/calendar/v3/')) return undefined; // OAuth endpoints authenticate the client themselves
      const t = oauth.accessTokens.get(bearerToken(req) ?? '');
      return t && t.expiresAt > Date.now() ? undefined : googleError(401, 'authError', 'Request had invalid authentication credentials.');
    },
  });
  registerOAuthRoutes(http, oauth);
  const push = createPushDispatcher(http.url, channels);

  const resolveId = (id: string) => (id === 'primary' ? email : id);
  const calendarOf = (req: FakeRequest): FakeCalendar | undefined => calendars.get(resolveId(req.params.calendarId ?? ''));
  const notFound = () => googleError(404, 'notFound', 'Not Found');
  const calendarOr404 = (req: FakeRequest, fn: (cal: FakeCalendar) => FakeReply): FakeReply => {
    const cal = calendarOf(req);
    return cal ? fn(cal) : notFound();
  };
  const changed = (cal: FakeCalendar) => void push.notify(cal, 'exists').catch(() => undefined);

  http.route('GET', '/calendar/v3/calendars/:calendarId', (req) =>
    calendarOr404(req, (cal) => ({ json: { kind: 'calendar#calendar', etag: `"${cal.seq}"`, id: cal.id, summary: cal.id, timeZone: cal.timeZone } })),
  );

  http.route('POST', '/calendar/v3/freeBusy', (req) => {
    const b = body(req);
    const min = Date.parse(String(b.timeMin));
    const max = Date.parse(String(b.timeMax));
    if (Number.isNaN(min) || Number.isNaN(max) || max <= min) return googleError(400, 'timeRangeEmpty', 'The specified time range is empty.');
    const out: Record<string, unknown> = {};
    for (const item of (b.items as { id?: string }[] | undefined) ?? []) {
      const cal = calendars.get(resolveId(item.id ?? ''));
      out[item.id ?? ''] = cal ? { busy: busyBlocks(cal, min, max) } : { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
    }
    return { json: { kind: 'calendar#freeBusy', timeMin: b.timeMin, timeMax: b.timeMax, calendars: out } };
  });

  http.route('POST', '/calendar/v3/calendars/:calendarId/events/watch', (req) =>
    calendarOr404(req, (cal) => {
      const b = body(req);
      const id = String(b.id ?? '');
      if (!id || id.length > 64) return googleError(400, 'invalid', 'Invalid channel id.');
      if (b.type !== 'web_hook') return googleError(400, 'invalid', 'Invalid value for: type');
      if (!/^https?:\/\//.test(String(b.address ?? ''))) return googleError(400, 'invalid', 'Invalid address.');
      if (channels.has(id)) return googleError(400, 'channelIdNotUnique', `Channel id ${id} not unique`);
      const requested = Number((b.params as { ttl?: string } | undefined)?.ttl ?? 604_800);
      const ttl = Math.min(Number.isFinite(requested) && requested > 0 ? requested : 604_800, opts.maxChannelTtlSeconds ?? 604_800);
      const ch: FakeChannel = {
        id,
        calendarId: cal.id,
        resourceId: cal.resourceId,
        address: String(b.address),
        token: typeof b.token === 'string' ? b.token : null,
        expiration: Date.now() + ttl * 1000,
        messageNumber: 0,
      };
      channels.set(id, ch);
      // Google confirms a new channel with a "sync" message right after answering the watch call.
      setImmediate(() => void push.send(ch, 'sync').catch(() => undefined));
      return {
        json: { kind: 'api#channel', id, resourceId: ch.resourceId, resourceUri: push.resourceUri(cal), token: ch.token ?? undefined, expiration: String(ch.expiration) },
      };
    }),
  );

  http.route('POST', '/calendar/v3/channels/stop', (req) => {
    const b = body(req);
    const ch = channels.get(String(b.id ?? ''));
    if (!ch || ch.resourceId !== b.resourceId) return googleError(404, 'notFound', `Channel '${String(b.id)}' not found for project '0'`);
    channels.delete(ch.id);
    return { status: 204 };
  });

  http.route('POST', '/calendar/v3/calendars/:calendarId/events', (req) =>
    calendarOr404(req, (cal) => {
      const e = { ...body(req) } as GoogleEvent;
      const problem = invalidEvent(e);
      if (problem) return googleError(400, 'invalid', problem);
      e.id ??= opaqueId(13);
      if (cal.events.has(e.id)) return googleError(409, 'duplicate', 'The requested identifier already exists.');
      const stored = touch(cal, { ...e, status: e.status ?? 'confirmed' });
      changed(cal);
      return { json: stored };
    }),
  );

  http.route('GET', '/calendar/v3/calendars/:calendarId/events/:eventId', (req) =>
    calendarOr404(req, (cal) => {
      const e = cal.events.get(req.params.eventId!)?.json ?? occurrenceOf(cal, req.params.eventId!);
      return e ? { json: e } : notFound();
    }),
  );

  http.route('PATCH', '/calendar/v3/calendars/:calendarId/events/:eventId', (req) =>
    calendarOr404(req, (cal) => {
      const prev = cal.events.get(req.params.eventId!);
      if (!prev) return notFound();
      const next = mergePatch(prev.json as Record<string, unknown>, { ...body(req), id: prev.json.id }) as GoogleEvent;
      const problem = invalidEvent(next);
      if (problem) return googleError(400, 'invalid', problem);
      const stored = touch(cal, next);
      changed(cal);
      return { json: stored };
    }),
  );

  http.route('DELETE', '/calendar/v3/calendars/:calendarId/events/:eventId', (req) =>
    calendarOr404(req, (cal) => {
      // Deleting one occurrence of a series stores a cancelled exception for it.
      const prev = cal.events.get(req.params.eventId!)?.json ?? occurrenceOf(cal, req.params.eventId!);
      if (!prev) return notFound();
      if (prev.status === 'cancelled') return googleError(410, 'deleted', 'Resource has been deleted');
      touch(cal, { ...prev, status: 'cancelled' });
      changed(cal);
      return { status: 204 };
    }),
  );

  http.route('GET', '/calendar/v3/calendars/:calendarId/events', (req) =>
    calendarOr404(req, (cal) => {
      const q = req.query;
      const syncToken = q.get('syncToken');
      const pageToken = q.get('pageToken');
      const singleEvents = q.get('singleEvents') === 'true';
      if (syncToken && FORBIDDEN_WITH_SYNC_TOKEN.some((p) => q.has(p))) {
        return googleError(400, 'invalid', 'The requested minimum modification time lies too far in the past or a parameter is not allowed with syncToken.');
      }
      const orderBy = q.get('orderBy');
      if (orderBy !== null && orderBy !== 'startTime' && orderBy !== 'updated') return googleError(400, 'invalid', `Invalid value for: ${orderBy}`);
      if (orderBy === 'startTime' && !singleEvents) return googleError(400, 'invalid', 'The requested ordering is not available for the particular query.');
      let page = pageToken ? pages.get(pageToken) : undefined;
      if (pageToken && (!page || page.calendarId !== cal.id)) return googleError(400, 'invalid', 'Invalid page token value.');
      if (!page) {
        let since: number | undefined;
        if (syncToken) {
          since = cal.syncTokens.get(syncToken);
          if (since === undefined) return googleError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
          if (tokenSingleEvents.get(syncToken) !== singleEvents) return googleError(400, 'invalid', 'singleEvents must match the request that issued the sync token.');
        }
        const items = listEvents(cal, { sinceSeq: since, showDeleted: q.get('showDeleted') === 'true', singleEvents, orderByStartTime: orderBy === 'startTime' });
        page = { items, offset: 0, syncSeq: cal.seq, calendarId: cal.id, singleEvents };
      }
      const size = Math.min(Number(q.get('maxResults') ?? 250) || 250, pageSize);
      const items = page.items.slice(page.offset, page.offset + size);
      const rest = { ...page, offset: page.offset + size };
      const more = rest.offset < page.items.length;
      const next = more ? `pg${opaqueId()}` : undefined;
      if (next) pages.set(next, rest);
      return {
        json: {
          kind: 'calendar#events',
          summary: cal.id,
          timeZone: cal.timeZone,
          updated: new Date().toISOString(),
          items,
          // Only the last page carries the sync token, issued at the state the listing started from.
          ...(next ? { nextPageToken: next } : { nextSyncToken: syncTokenFor(cal, page.syncSeq, page.singleEvents) }),
        },
      };
    }),
  );

  const syncTokenFor = (cal: FakeCalendar, seq: number, single: boolean) => {
    const token = issueSyncToken(cal, seq);
    tokenSingleEvents.set(token, single);
    return token;
  };

  const mustCalendar = (id: string) => {
    const cal = calendars.get(resolveId(id));
    if (!cal) throw new Error(`fake google: no calendar ${id}`);
    return cal;
  };

  return {
    url: http.url,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    email,
    refreshToken: opts.refreshToken ?? 'google-refresh-token',
    http,
    calendars,
    channels,
    issueRefreshToken() {
      const t = `1//${opaqueId(20)}`;
      oauth.refreshTokens.add(t);
      return t;
    },
    revokeRefreshToken(token) {
      oauth.refreshTokens.delete(token);
      for (const [k, v] of oauth.accessTokens) if (v.refreshToken === token) oauth.accessTokens.delete(k);
    },
    issueCode(redirectUri) {
      const code = `4/${randomUUID()}`;
      oauth.codes.set(code, { redirectUri });
      return code;
    },
    async addEvent(calendarId, e) {
      const cal = mustCalendar(calendarId);
      const tz = e.timeZone ? { timeZone: e.timeZone } : {};
      const json: GoogleEvent = {
        id: e.id ?? opaqueId(13),
        status: 'confirmed',
        summary: e.summary ?? 'Busy',
        start: { dateTime: e.start, ...tz },
        end: { dateTime: e.end, ...tz },
        ...(e.recurrence ? { recurrence: e.recurrence } : {}),
        ...(e.transparent ? { transparency: 'transparent' } : {}),
      };
      const problem = invalidEvent(json);
      if (problem) throw new Error(`fake google: ${problem}`);
      const stored = touch(cal, json);
      await push.notify(cal, 'exists');
      return stored;
    },
    async removeEvent(calendarId, eventId) {
      const cal = mustCalendar(calendarId);
      const prev = cal.events.get(eventId);
      if (!prev) throw new Error(`fake google: no event ${eventId}`);
      touch(cal, { ...prev.json, status: 'cancelled' });
      await push.notify(cal, 'exists');
    },
    async cancelOccurrence(calendarId, seriesId, originalStart) {
      const cal = mustCalendar(calendarId);
      const series = cal.events.get(seriesId)?.json;
      if (!series?.recurrence) throw new Error(`fake google: no series ${seriesId}`);
      const occ = occurrences(cal, series).find((o) => Date.parse(o.originalStartTime!.dateTime ?? `${o.originalStartTime!.date}T00:00:00Z`) === Date.parse(originalStart));
      if (!occ) throw new Error(`fake google: series ${seriesId} has no occurrence at ${originalStart}`);
      const stored = touch(cal, { ...occ, status: 'cancelled' });
      await push.notify(cal, 'exists');
      return stored;
    },
    event: (calendarId, eventId) => calendars.get(resolveId(calendarId))?.events.get(eventId)?.json,
    invalidateSyncTokens(calendarId) {
      mustCalendar(calendarId).syncTokens.clear();
    },
    notify: (calendarId) => push.notify(mustCalendar(calendarId), 'exists'),
    failNext(status, times = 1, json) {
      http.failNext(status, times, json ?? googleError(status, status >= 500 ? 'backendError' : 'invalid', status >= 500 ? 'Backend Error' : 'Bad Request').json);
    },
    close: () => http.close(),
  };
}
