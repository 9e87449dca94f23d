import * as api from '../generated/sdk.gen.js';
import type { CreateHoldData, Hold, HoldId } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** A slot reserved for about five minutes while a caller decides; convert it with `bookings.create({ hold_id })`. */
export class Holds {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /**
   * Without `resource_id` the first free resource able to perform the service is taken. A taken slot rejects
   * with ConflictError `slot_taken`; `err.problem.alternatives` lists free slots nearby.
   */
  create(body: CreateHoldData['body'], options?: RequestOptions): ApiPromise<Hold> {
    return call(api.createHold({ ...this.#ctx.request(options), body }));
  }

  /** `status` reads `expired` once `expires_at` has passed. */
  retrieve(holdId: HoldId, options?: RequestOptions): ApiPromise<Hold> {
    return call(api.getHold({ ...this.#ctx.request(options), path: { hold_id: holdId } }));
  }

  /** Frees the slot; a hold already converted, expired or released is returned as it is. */
  release(holdId: HoldId, options?: RequestOptions): ApiPromise<Hold> {
    return call(api.releaseHold({ ...this.#ctx.request(options), path: { hold_id: holdId } }));
  }
}
