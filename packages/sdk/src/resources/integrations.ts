import * as api from '../generated/sdk.gen.js';
import type { Integration, IntegrationProvider, IntegrationTest, ListIntegrationsData, PutIntegrationData } from '../generated/types.gen.js';
import { call, callVoid, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** The org's own vendor credentials. Stored encrypted; the API only ever shows `last4`. */
export class Integrations {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  list(query: NonNullable<ListIntegrationsData['query']> = {}, options?: RequestOptions): Paginated<Integration> {
    return paginate(query, (q) => call(api.listIntegrations({ ...this.#ctx.request(options), query: q })));
  }

  retrieve(provider: IntegrationProvider, options?: RequestOptions): ApiPromise<Integration> {
    return call(api.getIntegration({ ...this.#ctx.request(options), path: { provider } }));
  }

  /**
   * Stores or replaces the provider's credentials as a whole. `vapi`: `api_key`, optionally `webhook_secret`
   * and `server_credential_id`; `elevenlabs`, `openai`: `api_key`; `twilio`: `account_sid` and `auth_token`.
   */
  put(provider: IntegrationProvider, body: PutIntegrationData['body'], options?: RequestOptions): ApiPromise<Integration> {
    return call(api.putIntegration({ ...this.#ctx.request(options), path: { provider }, body }));
  }

  delete(provider: IntegrationProvider, options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.deleteIntegration({ ...this.#ctx.request(options), path: { provider } }));
  }

  /**
   * A real call to the vendor with the stored credentials. A refused key resolves with `ok: false`; an
   * unreachable vendor rejects (`vendor_unavailable`, `circuit_open`).
   */
  test(provider: IntegrationProvider, options?: RequestOptions): ApiPromise<IntegrationTest> {
    return call(api.testIntegration({ ...this.#ctx.request(options), path: { provider } }));
  }
}
