/**
 * The Google connect flow. The `state` Google carries is our sealed {org, nonce}: the org tells the
 * unauthenticated callback which tenant's rows to read, and the nonce is a random value of which only a hash
 * is stored (oauth_states), bound to the dashboard session that started the flow. The callback accepts it
 * once, within ten minutes, and only from that same session, so a captured or forwarded consent link cannot
 * attach somebody's Google calendar to an org (OAuth CSRF) or be replayed. The refresh token is stored
 * encrypted, bound by AAD to its org.
 */
import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, badRequest } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { randomToken, sha256Hex, timingSafeEqualStr } from '../../platform/crypto/hash.ts';
import type { Actor, Principal } from '../../platform/http/context.ts';
import { originOf, recordAudit, type AuditOrigin } from '../audit/index.ts';
import { calendarTokenAad, googleOAuth, redirectUri } from '../../connectors/calendar.ts';
import { startMirroring } from './service.ts';

const STATE_AAD = 'calendar:google:oauth_state';
const STATE_TTL_MS = 10 * 60_000;
/** Consumed and expired states are kept this long (to answer "already used"), then swept on the next start. */
const KEEP_MS = 24 * 3600_000;

interface SealedState {
  org: string;
  nonce: string;
}

interface StateRow {
  state_hash: string;
  session_id: string;
  origin: AuditOrigin;
  expires_at: Date;
  consumed_at: Date | null;
}

export async function startConnect(deps: Deps, actor: Actor) {
  if (actor.principal.type !== 'session') {
    throw new ApiError(403, 'session_required', 'Connect Google Calendar from the dashboard: Google sends the browser back, and only the browser session that started the flow may finish it.');
  }
  const oauth = googleOAuth(deps);
  const nonce = randomToken(32);
  const expires = new Date(Date.now() + STATE_TTL_MS);
  await inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    await tx('oauth_states').where('expires_at', '<', new Date(Date.now() - KEEP_MS)).delete();
    await tx('oauth_states').insert({
      state_hash: sha256Hex(nonce),
      org_id: actor.orgId,
      provider: 'google',
      session_id: actor.principal.type === 'session' ? actor.principal.sessionId : '',
      user_id: actor.userId,
      origin: JSON.stringify(originOf(actor)),
      expires_at: expires,
    });
  });
  const sealed = deps.keyring.encrypt(JSON.stringify({ org: actor.orgId, nonce } satisfies SealedState), STATE_AAD);
  return { object: 'calendar_connect' as const, authorize_url: oauth.authorizeUrl({ state: sealed, redirectUri: redirectUri(deps) }), expires_at: expires.toISOString() };
}

const invalidState = () => badRequest('invalid_oauth_state', 'The connect link is not valid. Start connecting again.');

function openState(deps: Deps, sealed: string): SealedState {
  try {
    const s = JSON.parse(deps.keyring.decrypt(sealed, STATE_AAD)) as Partial<SealedState>;
    if (typeof s.org === 'string' && typeof s.nonce === 'string') return { org: s.org, nonce: s.nonce };
  } catch {
    // Not ours, tampered with, or sealed under a key this server no longer has.
  }
  throw invalidState();
}

/**
 * Uses the state up, in one transaction that locks its row: two callbacks racing with the same state cannot
 * both pass. A callback from another browser is refused without consuming it, so a stranger holding the
 * link cannot spoil the admin's own flow either.
 */
async function consumeState(deps: Deps, state: SealedState, principal: Principal | undefined): Promise<AuditOrigin> {
  const hash = sha256Hex(state.nonce);
  return inScope(deps.knex, { orgId: state.org }, async (tx) => {
    const row: StateRow | undefined = await tx('oauth_states').where({ state_hash: hash, provider: 'google' }).forUpdate().first();
    if (!row) throw invalidState();
    if (row.consumed_at) throw badRequest('oauth_state_used', 'This connect link was already used. Start connecting again.');
    if (row.expires_at.getTime() <= Date.now()) throw badRequest('oauth_state_expired', 'The connect link has expired. Start connecting again.');
    const session = principal?.type === 'session' ? principal.sessionId : '';
    if (!session || !timingSafeEqualStr(session, row.session_id)) {
      throw new ApiError(403, 'oauth_session_mismatch', 'Finish connecting in the same browser session that started it, while signed in.');
    }
    await tx('oauth_states').where({ state_hash: hash }).update({ consumed_at: new Date() });
    return row.origin;
  });
}

/** Google's redirect: check the state, exchange the code, store the token, start mirroring. Returns where to send the browser. */
export async function finishConnect(deps: Deps, query: { code?: string; state: string; error?: string }, principal: Principal | undefined): Promise<string> {
  const state = openState(deps, query.state);
  const origin = await consumeState(deps, state, principal);
  const back = (q: string) => `${deps.config.publicUrl}/settings/calendar?${q}`;
  if (query.error || !query.code) return back(`error=${encodeURIComponent(query.error ?? 'missing_code')}`);
  let tokens;
  try {
    tokens = await googleOAuth(deps).exchangeCode(query.code, redirectUri(deps));
  } catch (err) {
    throw deps.connectors.problem(err) as ApiError;
  }
  const enc = deps.keyring.encrypt(tokens.refreshToken, calendarTokenAad(state.org));
  await inScope(deps.knex, { orgId: state.org }, async (tx) => {
    const [row] = await tx('calendar_connections')
      .insert({ id: newId('calendarConnection'), org_id: state.org, provider: 'google', account_email: tokens.email ?? null, refresh_token_enc: enc })
      .onConflict(['org_id'])
      .merge({ account_email: tokens.email ?? null, refresh_token_enc: enc, status: 'connected', last_error: null, updated_at: new Date() })
      .returning('id');
    await recordAudit(tx, state.org, origin, { action: 'calendar.connected', targetType: 'calendar_connection', targetId: row.id, metadata: { provider: 'google', account: tokens.email ?? null } });
  });
  await startMirroring(deps, state.org, `connect${Date.now()}`).catch((err) => deps.logger.warn({ err: (err as Error).message }, 'initial calendar sync could not be queued'));
  return back('connected=google');
}
