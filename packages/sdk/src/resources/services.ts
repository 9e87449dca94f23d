import * as api from '../generated/sdk.gen.js';
import type { CreateServiceData, ListServicesData, Service, ServiceId, UpdateServiceData } from '../generated/types.gen.js';
import { call, callVoid, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** What can be booked: duration, buffers, price (minor units) and the resources able to perform it. */
export class Services {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Newest first; `location_id` narrows to one location. */
  list(query: NonNullable<ListServicesData['query']> = {}, options?: RequestOptions): Paginated<Service> {
    return paginate(query, (q) => call(api.listServices({ ...this.#ctx.request(options), query: q })));
  }

  /** Every resource in `resource_ids` must belong to the service's location (422 `resource_location_mismatch`). */
  create(body: CreateServiceData['body'], options?: RequestOptions): ApiPromise<Service> {
    return call(api.createService({ ...this.#ctx.request(options), body }));
  }

  retrieve(serviceId: ServiceId, options?: RequestOptions): ApiPromise<Service> {
    return call(api.getService({ ...this.#ctx.request(options), path: { service_id: serviceId } }));
  }

  /** `resource_ids` replaces the whole list; existing bookings keep their times. */
  update(serviceId: ServiceId, body: UpdateServiceData['body'], options?: RequestOptions): ApiPromise<Service> {
    return call(api.updateService({ ...this.#ctx.request(options), path: { service_id: serviceId }, body }));
  }

  /** Existing bookings stay; the service can no longer be booked. */
  delete(serviceId: ServiceId, options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.deleteService({ ...this.#ctx.request(options), path: { service_id: serviceId } }));
  }
}
