import * as api from '../generated/sdk.gen.js';
import type { CreateChildOrgData, ListChildOrgsData, Org, UpdateOrgData } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

export class Orgs {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** The org this client acts on: the credential's own org, or the child named by `org` / `withOrg()`. */
  retrieve(options?: RequestOptions): ApiPromise<Org> {
    return call(api.getOrg(this.#ctx.request(options)));
  }

  update(body: UpdateOrgData['body'], options?: RequestOptions): ApiPromise<Org> {
    return call(api.updateOrg({ ...this.#ctx.request(options), body }));
  }

  /** Creates a clinic under this agency. Only a top-level org can have children. */
  createChild(body: CreateChildOrgData['body'], options?: RequestOptions): ApiPromise<Org> {
    return call(api.createChildOrg({ ...this.#ctx.request(options), body }));
  }

  listChildren(query: NonNullable<ListChildOrgsData['query']> = {}, options?: RequestOptions): Paginated<Org> {
    return paginate(query, (q) => call(api.listChildOrgs({ ...this.#ctx.request(options), query: q })));
  }
}
