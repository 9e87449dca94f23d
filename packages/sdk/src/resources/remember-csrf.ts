import { ApiPromise } from '../api-promise.js';
import type { Context } from '../context.js';

/**
 * Calls that start or describe a session answer with its CSRF token; keeping it lets the next
 * cookie-authenticated write from this client carry `X-CSRF-Token` without the caller wiring it up.
 */
export function rememberCsrf<T extends { csrf_token: string }>(ctx: Context, result: ApiPromise<T>): ApiPromise<T> {
  return new ApiPromise(
    result.withResponse().then((r) => {
      ctx.csrf.remember(r.data.csrf_token);
      return r;
    }),
  );
}
