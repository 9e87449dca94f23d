import type { Knex } from 'knex';

export const APP_ROLE = 'voxanne_app';

/**
 * What a transaction is allowed to see. Row-level security policies read these settings, so a
 * transaction without an org sees no tenant rows at all. The lookup hashes let an authentication
 * query find exactly the one row whose secret the caller presented, and nothing else.
 */
export interface TxScope {
  orgId?: string | null;
  userId?: string | null;
  apiKeyHash?: string | null;
  sessionHash?: string | null;
  inviteHash?: string | null;
  email?: string | null;
}

export type Tx = Knex.Transaction;

const SET_SCOPE = `select set_config('role', ?, true), set_config('app.org_id', ?, true),
  set_config('app.user_id', ?, true), set_config('app.api_key_hash', ?, true),
  set_config('app.session_hash', ?, true), set_config('app.invite_hash', ?, true),
  set_config('app.email', ?, true)`;

/** Runs `fn` in one transaction as the app role with the scope set first (one round trip). */
export async function inScope<T>(knex: Knex, scope: TxScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return knex.transaction(async (tx) => {
    await tx.raw(SET_SCOPE, [
      APP_ROLE,
      scope.orgId ?? '',
      scope.userId ?? '',
      scope.apiKeyHash ?? '',
      scope.sessionHash ?? '',
      scope.inviteHash ?? '',
      scope.email ?? '',
    ]);
    return fn(tx);
  });
}

/** Re-points an open transaction at another org, e.g. right after creating it. */
export async function switchOrg(tx: Tx, orgId: string): Promise<void> {
  await tx.raw(`select set_config('app.org_id', ?, true)`, [orgId]);
}
