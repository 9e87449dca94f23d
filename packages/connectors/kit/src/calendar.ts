/**
 * The calendar connector kind: the clinic's external calendar (Google) as a source of busy time
 * and a mirror of our bookings. Our database stays the source of truth for bookings; a calendar
 * outage must never block one, so every method here is something core can queue and retry.
 *
 * A connector instance is built per org with that org's refresh token; it never reads storage.
 * All instants are RFC 3339 strings (e.g. '2025-03-09T09:00:00-05:00' or '...Z').
 */
import type { ConnectionCheck, WebhookHeaders } from './voice.ts';

export interface BusyInterval {
  /** RFC 3339 instant. */
  start: string;
  end: string;
}

export interface FreeBusyInput {
  calendarIds: string[];
  timeMin: string;
  timeMax: string;
}

export interface CalendarBusy {
  calendarId: string;
  busy: BusyInterval[];
  /**
   * Set when the vendor could not read this calendar (Google's per-calendar `errors`, e.g.
   * notFound). `busy` is then empty and must NOT be read as "free all day".
   */
  error?: string;
}

export interface CalendarEventInput {
  start: string;
  end: string;
  summary: string;
  description?: string;
  /** Our booking id, stored at the vendor (Google: extendedProperties.private.voxanneBookingId). */
  bookingId: string;
  /** IANA zone the event is shown in, e.g. 'America/New_York' (the location's timezone). */
  timeZone: string;
}

/** Fields to change; the booking id never changes. */
export type CalendarEventPatch = Partial<Omit<CalendarEventInput, 'bookingId'>>;

export interface CalendarEventRef {
  eventId: string;
  /** Vendor version tag; changes on every modification. */
  etag: string;
}

/** Google carries our booking id under this private extended property key. */
export const BOOKING_ID_PROPERTY = 'voxanneBookingId';

export interface CalendarEvent {
  eventId: string;
  /** 'cancelled' events appear in incremental sync; for them only eventId/status are reliable. */
  status: 'confirmed' | 'tentative' | 'cancelled';
  /** RFC 3339 instant, or 'YYYY-MM-DD' when allDay. Null for cancelled stubs. */
  start: string | null;
  end: string | null;
  allDay: boolean;
  summary: string | null;
  /** Our booking id when the event is one we created, else null (an external event). */
  bookingId: string | null;
  /** 'transparent' events ("show as available") do not block time. */
  transparency: 'opaque' | 'transparent';
  etag: string | null;
  /** RFC 3339, when the vendor last modified it. */
  updated: string | null;
  /**
   * Set on one occurrence of a recurring series (listed one event per occurrence): the series' id. A
   * cancelled event without it may be a whole series, whose occurrences carry its id here.
   */
  recurringEventId: string | null;
}

export interface ListChangesInput {
  calendarId: string;
  /** Omit for a full sync; pass the previous nextSyncToken for an incremental one. */
  syncToken?: string;
}

export interface ListChangesResult {
  /** Every page, already followed. */
  events: CalendarEvent[];
  /** Store it and pass it next time. */
  nextSyncToken: string;
}

export interface WatchInput {
  calendarId: string;
  /** Our HTTPS push endpoint. */
  address: string;
  /** Our unique id for this channel (UUID); comes back as X-Goog-Channel-ID. */
  channelId: string;
  /** Secret echoed back on every push (X-Goog-Channel-Token); verifyPush checks it. */
  token: string;
  /** Requested lifetime. The vendor may grant less: renew from the returned expiration. */
  ttlSeconds: number;
}

export interface WatchResult {
  /** Vendor id of the watched resource; needed to stop the channel. */
  resourceId: string;
  /** RFC 3339 instant at which the vendor stops pushing. */
  expiration: string;
}

export interface PushNotification {
  channelId: string;
  resourceId: string;
  /** 'sync' is the handshake after watch(); 'exists' / 'not_exists' mean "something changed, call listChanges". */
  resourceState: 'sync' | 'exists' | 'not_exists';
  messageNumber: number;
}

export interface CalendarConnector {
  /** Vendor id, e.g. 'google-calendar'. Also the `connector` field of its errors. */
  readonly id: string;

  freeBusy(input: FreeBusyInput): Promise<CalendarBusy[]>;

  insertEvent(calendarId: string, event: CalendarEventInput): Promise<CalendarEventRef>;
  patchEvent(calendarId: string, eventId: string, patch: CalendarEventPatch): Promise<CalendarEventRef>;
  /** Idempotent: an event the vendor no longer has (404/410) counts as deleted. */
  deleteEvent(calendarId: string, eventId: string): Promise<void>;

  watch(input: WatchInput): Promise<WatchResult>;
  /** Idempotent: stopping an unknown or expired channel succeeds. */
  stopChannel(input: { channelId: string; resourceId: string }): Promise<void>;

  /**
   * Full or incremental event sync. An invalidated sync token (Google HTTP 410) throws
   * ConnectorError `{ code: 'sync_token_expired', retryable: false }`: drop the token and call
   * again without one (full resync).
   */
  listChanges(input: ListChangesInput): Promise<ListChangesResult>;

  /**
   * Checks a push notification's headers. Null unless the channel token equals `expectedToken`
   * (constant-time) and the headers are well formed. Never throws.
   */
  verifyPush(headers: WebhookHeaders, expectedToken: string): PushNotification | null;

  /** Never throws: a revoked refresh token or an outage comes back as `{ ok: false }`. */
  testConnection(): Promise<ConnectionCheck>;
}

export interface AuthorizeUrlInput {
  /** Opaque CSRF/state value; comes back on the redirect. */
  state: string;
  redirectUri: string;
  /** Pre-fills the account chooser. */
  loginHint?: string;
}

export interface OAuthTokens {
  /** Long-lived; store it encrypted and construct the connector with it. */
  refreshToken: string;
  accessToken: string;
  /** RFC 3339 instant the access token expires. */
  expiresAt: string;
  /** The connected account, for "Connected as ..." in the dashboard, when known. */
  email?: string;
}

/** The connect flow, separate from CalendarConnector because it runs before any token exists. */
export interface CalendarOAuth {
  /** Offline access with forced consent, so the vendor always returns a refresh token. */
  authorizeUrl(input: AuthorizeUrlInput): string;
  /** Throws ConnectorError; `invalid_response` when the vendor returns no refresh token. */
  exchangeCode(code: string, redirectUri: string): Promise<OAuthTokens>;
}
