import * as api from '../generated/sdk.gen.js';
import type { Call, CreateTestCallData } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** Calls without a phone: the simulator plays the caller, so an agent can be tried end to end, and in CI. */
export class TestCalls {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /**
   * Runs a simulated call against `agent_id`, the caller saying `caller_turns` one by one. The simulator's
   * agent side picks tools from the caller's words, so a run is repeatable; tools act on real data (a booking
   * made in a test call is a real booking). By default it resolves with the finished call, analysis included;
   * with `wait: false` it resolves as the call starts, and `calls.retrieve` shows the conversation growing.
   */
  create(body: CreateTestCallData['body'], options?: RequestOptions): ApiPromise<Call> {
    return call(api.createTestCall({ ...this.#ctx.request(options), body }));
  }
}
