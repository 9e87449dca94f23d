import * as api from '../generated/sdk.gen.js';
import type { ListVoicesData, Voice } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import type { Page } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

export class Voices {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /**
   * The voices a TTS provider offers the org, as one page (the endpoint takes no cursor, so this is not a
   * Paginated). `local` needs nothing; `elevenlabs` and `openai` need the org's integration.
   */
  list(query: ListVoicesData['query'], options?: RequestOptions): ApiPromise<Page<Voice>> {
    return call(api.listVoices({ ...this.#ctx.request(options), query }));
  }
}
