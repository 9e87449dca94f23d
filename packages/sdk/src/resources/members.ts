import * as api from '../generated/sdk.gen.js';
import type { ListMembersData, Member, MemberId, UpdateMemberData } from '../generated/types.gen.js';
import { call, callVoid, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

export class Members {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  list(query: NonNullable<ListMembersData['query']> = {}, options?: RequestOptions): Paginated<Member> {
    return paginate(query, (q) => call(api.listMembers({ ...this.#ctx.request(options), query: q })));
  }

  /** Changes a member's role. Only an owner grants or removes `owner`; the last owner stays. */
  update(memberId: MemberId, body: UpdateMemberData['body'], options?: RequestOptions): ApiPromise<Member> {
    return call(api.updateMember({ ...this.#ctx.request(options), path: { member_id: memberId }, body }));
  }

  remove(memberId: MemberId, options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.removeMember({ ...this.#ctx.request(options), path: { member_id: memberId } }));
  }
}
