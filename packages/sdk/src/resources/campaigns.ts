import * as api from '../generated/sdk.gen.js';
import type { Campaign, CampaignId, CampaignTarget, CreateCampaignData, ListCampaignsData, ListCampaignTargetsData } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/**
 * Outbound campaigns: an outbound agent calls a list of contacts, a few at a time, outside quiet hours in
 * each contact's time zone, retrying no-answer and busy with backoff. `progress` counts where targets stand.
 * A move the campaign cannot make (resuming a cancelled one) rejects with ConflictError `campaign_state`.
 */
export class Campaigns {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Newest first; filter by `status`. */
  list(query: NonNullable<ListCampaignsData['query']> = {}, options?: RequestOptions): Paginated<Campaign> {
    return paginate(query, (q) => call(api.listCampaigns({ ...this.#ctx.request(options), query: q })));
  }

  /**
   * Starts at once. Contacts on the do-not-call list or with revoked consent are skipped (campaigns need
   * `granted` consent). `max_concurrency` is capped by the org's `outbound_concurrency`.
   */
  create(body: CreateCampaignData['body'], options?: RequestOptions): ApiPromise<Campaign> {
    return call(api.createCampaign({ ...this.#ctx.request(options), body }));
  }

  retrieve(campaignId: CampaignId, options?: RequestOptions): ApiPromise<Campaign> {
    return call(api.getCampaign({ ...this.#ctx.request(options), path: { campaign_id: campaignId } }));
  }

  /** Each contact of the campaign: its status, attempts, next attempt and last call. Filter by `status`. */
  targets(campaignId: CampaignId, query: NonNullable<ListCampaignTargetsData['query']> = {}, options?: RequestOptions): Paginated<CampaignTarget> {
    return paginate(query, (q) => call(api.listCampaignTargets({ ...this.#ctx.request(options), path: { campaign_id: campaignId }, query: q })));
  }

  /** No new calls are placed; calls in progress finish. */
  pause(campaignId: CampaignId, options?: RequestOptions): ApiPromise<Campaign> {
    return call(api.pauseCampaign({ ...this.#ctx.request(options), path: { campaign_id: campaignId } }));
  }

  resume(campaignId: CampaignId, options?: RequestOptions): ApiPromise<Campaign> {
    return call(api.resumeCampaign({ ...this.#ctx.request(options), path: { campaign_id: campaignId } }));
  }

  /** For good: pending contacts are not called; calls in progress finish. */
  cancel(campaignId: CampaignId, options?: RequestOptions): ApiPromise<Campaign> {
    return call(api.cancelCampaign({ ...this.#ctx.request(options), path: { campaign_id: campaignId } }));
  }
}
