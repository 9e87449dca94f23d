import * as api from '../generated/sdk.gen.js';
import type { CreateDncEntryData, DncEntry, DncId, ListDncEntriesData } from '../generated/types.gen.js';
import { call, callVoid, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** The do-not-call list: numbers no outbound call or campaign ever dials, checked again at dial time. */
export class Dnc {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Newest first; `phone` finds one number. */
  list(query: NonNullable<ListDncEntriesData['query']> = {}, options?: RequestOptions): Paginated<DncEntry> {
    return paginate(query, (q) => call(api.listDncEntries({ ...this.#ctx.request(options), query: q })));
  }

  /** Idempotent by number: adding one already listed answers the existing entry. */
  add(body: CreateDncEntryData['body'], options?: RequestOptions): ApiPromise<DncEntry> {
    return call(api.createDncEntry({ ...this.#ctx.request(options), body }));
  }

  /** Admins only. */
  remove(dncId: DncId, options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.deleteDncEntry({ ...this.#ctx.request(options), path: { dnc_id: dncId } }));
  }
}
