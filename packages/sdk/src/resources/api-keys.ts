import * as api from '../generated/sdk.gen.js';
import type { ApiKey, ApiKeyId, ApiKeyWithSecret, CreateApiKeyData, ListApiKeysData } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

export class ApiKeys {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Keys of the org, newest first; secrets are never listed. */
  list(query: NonNullable<ListApiKeysData['query']> = {}, options?: RequestOptions): Paginated<ApiKey> {
    return paginate(query, (q) => call(api.listApiKeys({ ...this.#ctx.request(options), query: q })));
  }

  /** The response is the only place the `secret` ever appears. */
  create(body: CreateApiKeyData['body'], options?: RequestOptions): ApiPromise<ApiKeyWithSecret> {
    return call(api.createApiKey({ ...this.#ctx.request(options), body }));
  }

  retrieve(keyId: ApiKeyId, options?: RequestOptions): ApiPromise<ApiKey> {
    return call(api.getApiKey({ ...this.#ctx.request(options), path: { key_id: keyId } }));
  }

  /** Takes effect on the next request made with the key. */
  revoke(keyId: ApiKeyId, options?: RequestOptions): ApiPromise<ApiKey> {
    return call(api.revokeApiKey({ ...this.#ctx.request(options), path: { key_id: keyId } }));
  }
}
