import * as api from '../generated/sdk.gen.js';
import type { CreatePhoneNumberData, ListPhoneNumbersData, PhoneNumber, PhoneNumberId, UpdatePhoneNumberData } from '../generated/types.gen.js';
import { call, callVoid, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** The org's phone numbers; each belongs to exactly one org and answers with at most one agent. */
export class PhoneNumbers {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  list(query: NonNullable<ListPhoneNumbersData['query']> = {}, options?: RequestOptions): Paginated<PhoneNumber> {
    return paginate(query, (q) => call(api.listPhoneNumbers({ ...this.#ctx.request(options), query: q })));
  }

  /** `source: 'twilio'` imports `number` (E.164); `source: 'provider'` takes a new one, optionally in `area_code`. */
  create(body: CreatePhoneNumberData['body'], options?: RequestOptions): ApiPromise<PhoneNumber> {
    return call(api.createPhoneNumber({ ...this.#ctx.request(options), body }));
  }

  retrieve(phoneNumberId: PhoneNumberId, options?: RequestOptions): ApiPromise<PhoneNumber> {
    return call(api.getPhoneNumber({ ...this.#ctx.request(options), path: { phone_number_id: phoneNumberId } }));
  }

  /** Assigns to an agent (`agent_id: null` detaches) or renames. A live agent's vendor is updated at once. */
  update(phoneNumberId: PhoneNumberId, body: UpdatePhoneNumberData['body'], options?: RequestOptions): ApiPromise<PhoneNumber> {
    return call(api.updatePhoneNumber({ ...this.#ctx.request(options), path: { phone_number_id: phoneNumberId }, body }));
  }

  /** Releases the number at the vendor; another org may import it afterwards. */
  release(phoneNumberId: PhoneNumberId, options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.releasePhoneNumber({ ...this.#ctx.request(options), path: { phone_number_id: phoneNumberId } }));
  }
}
