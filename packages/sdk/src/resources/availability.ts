import * as api from '../generated/sdk.gen.js';
import type { Availability as AvailabilityResult, GetAvailabilityData } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** Bookable slots: hours minus bookings, holds, buffers and external busy time. */
export class Availability {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /**
   * Free slots of `service` between `from` and `to` (RFC 3339 instants or `YYYY-MM-DD` dates, at most 31 days
   * apart), earliest first. Times carry the offset of `timezone`, by default the location's, never the
   * server's. `external_busy` says how fresh the connected calendar's busy time is; `truncated` that `limit` cut it.
   */
  list(query: GetAvailabilityData['query'], options?: RequestOptions): ApiPromise<AvailabilityResult> {
    return call(api.getAvailability({ ...this.#ctx.request(options), query }));
  }
}
