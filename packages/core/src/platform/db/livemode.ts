/**
 * Live mode or test mode (issue #10 item 24, decision 0012). Every tenant transaction runs in one of three
 * modes, which row-level security reads from `app.livemode`:
 *   - live (`true`) or test (`false`): the request's, or the mode of the object a job or webhook acts for;
 *     rows of the other mode are invisible, and new rows take this mode (the `livemode` column defaults to it);
 *   - system (`null`): background work that has not yet learned which mode it acts for sees both modes,
 *     and a row it creates is live. Work on behalf of an object therefore adopts the object's mode first.
 *
 * The mode travels with the async work (AsyncLocalStorage), set once per request by authentication, so no
 * service passes it and none can forget it: `inScope` reads it when it opens a transaction. Job handlers
 * and the voice webhook start in system mode, whatever request happened to queue or trigger them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';

export type Livemode = boolean | null;

const store = new AsyncLocalStorage<{ livemode: Livemode }>();

/** The mode of the work in progress; `null` outside any request (jobs, webhooks, boot). */
export function currentLivemode(): Livemode {
  return store.getStore()?.livemode ?? null;
}

/** Runs `fn` (and everything it starts) in `livemode`. */
export function withLivemode<T>(livemode: Livemode, fn: () => T): T {
  return store.run({ livemode }, fn);
}

/** The value `inScope` hands to `app.livemode`. */
export const livemodeSetting = (livemode: Livemode): string => (livemode === null ? '' : String(livemode));

/**
 * Moves an open transaction to the mode of the object it now acts for (a call found by a webhook, a
 * booking a reminder is for). Rows written afterwards take that mode; rows of the other mode disappear.
 */
export async function adoptLivemode(tx: Knex.Transaction, livemode: boolean): Promise<void> {
  await tx.raw(`select set_config('app.livemode', ?, true)`, [livemodeSetting(livemode)]);
}
