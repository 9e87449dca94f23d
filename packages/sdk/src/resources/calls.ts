import * as api from '../generated/sdk.gen.js';
import type { Call, CallId, CallListItem, CallOriginal, CreateCallData, ListCallsData } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/**
 * The call record: every inbound, outbound and test call, with its status timeline, the transcript as
 * speaker turns (PHI redacted before storage), the analysis and the tool calls the agent made.
 */
export class Calls {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /**
   * Newest first. Filter by `created_after`/`created_before`, `agent_id`, `direction`, `status`, `outcome`,
   * `sentiment`, `contact_id` or `campaign_id`. Items are summaries; `retrieve` a call for its transcript.
   */
  list(query: NonNullable<ListCallsData['query']> = {}, options?: RequestOptions): Paginated<CallListItem> {
    return paginate(query, (q) => call(api.listCalls({ ...this.#ctx.request(options), query: q })));
  }

  /**
   * Places an outbound call with an outbound agent, now or at `scheduled_at`. A number on the do-not-call list
   * rejects with `dnc_listed`, a contact whose consent is revoked with `consent_revoked` (both 422); both are
   * checked again at dial time. With a `vox_test_` key the call runs on the simulator.
   */
  create(body: CreateCallData['body'], options?: RequestOptions): ApiPromise<Call> {
    return call(api.createCall({ ...this.#ctx.request(options), body }));
  }

  /** The whole record: `timeline`, `transcript`, `analysis`, `tool_calls`, `recording_url` ... */
  retrieve(callId: CallId, options?: RequestOptions): ApiPromise<Call> {
    return call(api.getCall({ ...this.#ctx.request(options), path: { call_id: callId } }));
  }

  /** Only a `scheduled` or `queued` call; one already ringing rejects with ConflictError `call_not_cancellable`. */
  cancel(callId: CallId, options?: RequestOptions): ApiPromise<Call> {
    return call(api.cancelCall({ ...this.#ctx.request(options), path: { call_id: callId } }));
  }

  /** Re-runs the post-call analysis on the redacted transcript and answers with the call and its new analysis. */
  analyze(callId: CallId, options?: RequestOptions): ApiPromise<Call> {
    return call(api.analyzeCall({ ...this.#ctx.request(options), path: { call_id: callId } }));
  }

  /**
   * The unredacted transcript, for admins, when the org keeps originals (`callSettings`); every read is
   * written to the audit log. NotFoundError `original_not_kept` when there is none.
   */
  originalTranscript(callId: CallId, options?: RequestOptions): ApiPromise<CallOriginal> {
    return call(api.getCallOriginalTranscript({ ...this.#ctx.request(options), path: { call_id: callId } }));
  }
}
