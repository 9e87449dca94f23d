import * as api from '../generated/sdk.gen.js';
import type { CreateLocationData, ListLocationsData, Location, LocationId, UpdateLocationData } from '../generated/types.gen.js';
import { call, callVoid, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** The clinic's sites. Each has an IANA `timezone`: its resources' hours, and availability, are read in it. */
export class Locations {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Newest first. */
  list(query: NonNullable<ListLocationsData['query']> = {}, options?: RequestOptions): Paginated<Location> {
    return paginate(query, (q) => call(api.listLocations({ ...this.#ctx.request(options), query: q })));
  }

  /** A zone that is not IANA answers 422 `invalid_timezone`. */
  create(body: CreateLocationData['body'], options?: RequestOptions): ApiPromise<Location> {
    return call(api.createLocation({ ...this.#ctx.request(options), body }));
  }

  retrieve(locationId: LocationId, options?: RequestOptions): ApiPromise<Location> {
    return call(api.getLocation({ ...this.#ctx.request(options), path: { location_id: locationId } }));
  }

  /** `closures` replaces the whole list. */
  update(locationId: LocationId, body: UpdateLocationData['body'], options?: RequestOptions): ApiPromise<Location> {
    return call(api.updateLocation({ ...this.#ctx.request(options), path: { location_id: locationId }, body }));
  }

  /** ConflictError `location_in_use` while it still has services or resources. */
  delete(locationId: LocationId, options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.deleteLocation({ ...this.#ctx.request(options), path: { location_id: locationId } }));
  }
}
