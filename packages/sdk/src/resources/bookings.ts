import * as api from '../generated/sdk.gen.js';
import type { Booking, BookingId, CancelBookingData, CreateBookingData, ListBookingsData, RescheduleBookingData } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/**
 * Appointments. The database refuses any overlap on a resource, so of concurrent attempts on one slot exactly
 * one succeeds; the others reject with ConflictError `slot_taken`, whose `err.problem.alternatives` lists free
 * slots nearby. Create, reschedule and cancel send an `Idempotency-Key`, so the SDK's retries are safe.
 */
export class Bookings {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Newest first; filter by `status`, `resource_id`, `location_id`, `patient_phone`, `starts_after`, `starts_before`. */
  list(query: NonNullable<ListBookingsData['query']> = {}, options?: RequestOptions): Paginated<Booking> {
    return paginate(query, (q) => call(api.listBookings({ ...this.#ctx.request(options), query: q })));
  }

  /**
   * `hold_id` converts a live hold (ConflictError `hold_expired` once lapsed); or `service_id` and `starts_at`
   * (and optionally `resource_id`) book directly. The answer carries the `confirmation_code`.
   */
  create(body: CreateBookingData['body'], options?: RequestOptions): ApiPromise<Booking> {
    return call(api.createBooking({ ...this.#ctx.request(options), body }));
  }

  /** Includes `calendar_sync_status` of the connected calendar's event. */
  retrieve(bookingId: BookingId, options?: RequestOptions): ApiPromise<Booking> {
    return call(api.getBooking({ ...this.#ctx.request(options), path: { booking_id: bookingId } }));
  }

  /** Same guarantee as `create`; reminders move with it. A cancelled booking rejects with `booking_cancelled`. */
  reschedule(bookingId: BookingId, body: RescheduleBookingData['body'], options?: RequestOptions): ApiPromise<Booking> {
    return call(api.rescheduleBooking({ ...this.#ctx.request(options), path: { booking_id: bookingId }, body }));
  }

  /** Frees the slot and drops pending reminders. Cancelling twice is harmless. */
  cancel(bookingId: BookingId, body: NonNullable<CancelBookingData['body']> = {}, options?: RequestOptions): ApiPromise<Booking> {
    return call(api.cancelBooking({ ...this.#ctx.request(options), path: { booking_id: bookingId }, body }));
  }
}
