import * as api from '../generated/sdk.gen.js';
import type {
  ListSmsMessagesData,
  ListSmsOptOutsData,
  SendSmsMessageData,
  SimulateInboundSmsData,
  SimulateInboundSmsResponse,
  SmsMessage,
  SmsOptOut,
} from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** The SMS log: every message sent or received, the local outbox in embedded mode included. */
export class SmsMessages {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Newest first; `phone` (to or from) and `booking_id` narrow it. */
  list(query: NonNullable<ListSmsMessagesData['query']> = {}, options?: RequestOptions): Paginated<SmsMessage> {
    return paginate(query, (q) => call(api.listSmsMessages({ ...this.#ctx.request(options), query: q })));
  }

  /**
   * Queued for the org's SMS connector (Twilio, else the local outbox): `pending`, or `scheduled` during quiet
   * hours. A recipient who opted out rejects with 422 `recipient_opted_out` (and the refusal is logged).
   */
  send(body: SendSmsMessageData['body'], options?: RequestOptions): ApiPromise<SmsMessage> {
    return call(api.sendSmsMessage({ ...this.#ctx.request(options), body }));
  }
}

/** The opt-out ledger: STOP, START, HELP and carrier refusals, newest first. */
export class SmsOptOuts {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  list(query: NonNullable<ListSmsOptOutsData['query']> = {}, options?: RequestOptions): Paginated<SmsOptOut> {
    return paginate(query, (q) => call(api.listSmsOptOuts({ ...this.#ctx.request(options), query: q })));
  }
}

/** Patient SMS: confirmations, reminders and replies. */
export class Sms {
  readonly #ctx: Context;
  readonly messages: SmsMessages;
  readonly optOuts: SmsOptOuts;

  constructor(ctx: Context) {
    this.#ctx = ctx;
    this.messages = new SmsMessages(ctx);
    this.optOuts = new SmsOptOuts(ctx);
  }

  /**
   * Plays a patient texting the clinic (orgs on the local outbox only; 422 `simulator_unavailable` on Twilio),
   * so replies such as `C`, `R` or `STOP` can be tried without a phone.
   */
  simulateInbound(body: SimulateInboundSmsData['body'], options?: RequestOptions): ApiPromise<SimulateInboundSmsResponse> {
    return call(api.simulateInboundSms({ ...this.#ctx.request(options), body }));
  }
}
