import * as api from '../generated/sdk.gen.js';
import type { CallSettings as CallSettingsObject, UpdateCallSettingsData } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** The org's call settings: whether originals are kept, the outbound concurrency cap and quiet hours. */
export class CallSettings {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** The defaults until an admin changes them (`updated_at: null`). */
  retrieve(options?: RequestOptions): ApiPromise<CallSettingsObject> {
    return call(api.getCallSettings(this.#ctx.request(options)));
  }

  /** Admins only. `keep_original_transcripts: true` also keeps the unredacted transcript, encrypted. */
  update(body: UpdateCallSettingsData['body'], options?: RequestOptions): ApiPromise<CallSettingsObject> {
    return call(api.updateCallSettings({ ...this.#ctx.request(options), body }));
  }
}
