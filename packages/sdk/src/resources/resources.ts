import * as api from '../generated/sdk.gen.js';
import type { CreateResourceData, ListResourcesData, Resource, ResourceId, UpdateResourceData } from '../generated/types.gen.js';
import { call, callVoid, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** Practitioners and rooms: weekly hours in the location's timezone, plus dated exceptions (holidays, leave). */
export class Resources {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Newest first; `location_id` narrows to one location. */
  list(query: NonNullable<ListResourcesData['query']> = {}, options?: RequestOptions): Paginated<Resource> {
    return paginate(query, (q) => call(api.listResources({ ...this.#ctx.request(options), query: q })));
  }

  /** Intervals of one day must not overlap (422 `overlapping_hours`); empty `weekly_hours` is never bookable. */
  create(body: CreateResourceData['body'], options?: RequestOptions): ApiPromise<Resource> {
    return call(api.createResource({ ...this.#ctx.request(options), body }));
  }

  retrieve(resourceId: ResourceId, options?: RequestOptions): ApiPromise<Resource> {
    return call(api.getResource({ ...this.#ctx.request(options), path: { resource_id: resourceId } }));
  }

  /** `weekly_hours` and `exceptions` replace the whole list. Existing bookings are never moved. */
  update(resourceId: ResourceId, body: UpdateResourceData['body'], options?: RequestOptions): ApiPromise<Resource> {
    return call(api.updateResource({ ...this.#ctx.request(options), path: { resource_id: resourceId }, body }));
  }

  /** ConflictError `resource_has_bookings` while it has upcoming confirmed bookings or live holds. */
  delete(resourceId: ResourceId, options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.deleteResource({ ...this.#ctx.request(options), path: { resource_id: resourceId } }));
  }
}
