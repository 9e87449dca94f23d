import * as api from '../generated/sdk.gen.js';
import type { AuditEvent, ListAuditEventsData } from '../generated/types.gen.js';
import { call } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

export class AuditEvents {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Newest first. `action` is exact (`api_key.revoked`) or a prefix ending in a dot (`api_key.`). */
  list(query: NonNullable<ListAuditEventsData['query']> = {}, options?: RequestOptions): Paginated<AuditEvent> {
    return paginate(query, (q) => call(api.listAuditEvents({ ...this.#ctx.request(options), query: q })));
  }
}
