/**
 * The scope statement every tenant transaction starts with: it drops to the app role, sets the settings
 * row-level security reads, and reports who it now runs as. One statement, so it rides in the same round
 * trip as BEGIN (knex transactions) or as the statement it scopes (the prepared-statement layer).
 */
import { currentLivemode, livemodeSetting, type Livemode } from './livemode.ts';

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
  /** Live, test or system (null) mode; defaults to the mode of the work in progress (livemode.ts). */
  livemode?: Livemode;
}

// current_user is last: the target list is evaluated in order, so it reports the role set_config just
// chose. Were it ever evaluated first, PGlite (a superuser session) would report the superuser and the
// assertion below would fail loudly; it cannot pass by accident.
export const SCOPE_SQL = `select set_config('role', $1, true), set_config('app.org_id', $2, true),
  set_config('app.user_id', $3, true), set_config('app.api_key_hash', $4, true),
  set_config('app.session_hash', $5, true), set_config('app.invite_hash', $6, true),
  set_config('app.email', $7, true), set_config('app.livemode', $8, true), current_user::text as current_role`;

export const scopeParams = (scope: TxScope): string[] => [
  APP_ROLE,
  scope.orgId ?? '',
  scope.userId ?? '',
  scope.apiKeyHash ?? '',
  scope.sessionHash ?? '',
  scope.inviteHash ?? '',
  scope.email ?? '',
  livemodeSetting(scope.livemode !== undefined ? scope.livemode : currentLivemode()),
];

export class ScopeError extends Error {
  readonly code = 'scope_not_app_role';
}

/**
 * Issue #10 item 9: isolation on PGlite rests on the role switch, so every scoped transaction checks it
 * took effect instead of trusting it. Anything but the app role ends the request before a query runs.
 */
export function assertAppRole(rows: { current_role?: unknown }[]): void {
  const role = rows[0]?.current_role;
  if (role !== APP_ROLE) throw new ScopeError(`A scoped transaction runs as "${String(role)}", not as ${APP_ROLE}; refusing to continue.`);
}
