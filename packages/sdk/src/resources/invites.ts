import * as api from '../generated/sdk.gen.js';
import type { AcceptInviteData, AuthResult, CreateInviteData, Invite, InviteId, InviteWithToken, ListInvitesData } from '../generated/types.gen.js';
import { call, callVoid, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import { rememberCsrf } from './remember-csrf.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

export class Invites {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Pending invites. */
  list(query: NonNullable<ListInvitesData['query']> = {}, options?: RequestOptions): Paginated<Invite> {
    return paginate(query, (q) => call(api.listInvites({ ...this.#ctx.request(options), query: q })));
  }

  /** The response carries the secret `token` once; deliver it to the invitee. */
  create(body: CreateInviteData['body'], options?: RequestOptions): ApiPromise<InviteWithToken> {
    return call(api.createInvite({ ...this.#ctx.request(options), body }));
  }

  revoke(inviteId: InviteId, options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.revokeInvite({ ...this.#ctx.request(options), path: { invite_id: inviteId } }));
  }

  /** A new user sends `name` and `password`; an existing user sends only the token from their session. Signs in. */
  accept(body: AcceptInviteData['body'], options?: RequestOptions): ApiPromise<AuthResult> {
    return rememberCsrf(this.#ctx, call(api.acceptInvite({ ...this.#ctx.request(options), body })));
  }
}
