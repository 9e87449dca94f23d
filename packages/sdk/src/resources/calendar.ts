import * as api from '../generated/sdk.gen.js';
import type { CalendarConnection, ConnectGoogleCalendarResponse, SyncGoogleCalendarResponse } from '../generated/types.gen.js';
import { call, callVoid, type ApiPromise } from '../api-promise.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** The org's Google Calendar connection: busy time in, booking events out. */
export class GoogleCalendar {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Status, connected account and per-calendar sync state. NotFoundError when not connected. */
  retrieve(options?: RequestOptions): ApiPromise<CalendarConnection> {
    return call(api.getGoogleCalendarConnection(this.#ctx.request(options)));
  }

  /**
   * Starts the OAuth flow: send the browser to `authorize_url`. Google returns it to the API's callback, which
   * stores the refresh token encrypted and redirects back to the dashboard.
   */
  connect(options?: RequestOptions): ApiPromise<ConnectGoogleCalendarResponse> {
    return call(api.connectGoogleCalendar(this.#ctx.request(options)));
  }

  /** Forgets the refresh token and the synced busy time; bookings stay. */
  disconnect(options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.disconnectGoogleCalendar(this.#ctx.request(options)));
  }

  /** Pulls busy time and re-queues pending event syncs now; answers with how many of each were queued. */
  sync(options?: RequestOptions): ApiPromise<SyncGoogleCalendarResponse> {
    return call(api.syncGoogleCalendar(this.#ctx.request(options)));
  }
}

/** External calendars. */
export class Calendar {
  readonly google: GoogleCalendar;
  constructor(ctx: Context) {
    this.google = new GoogleCalendar(ctx);
  }
}
