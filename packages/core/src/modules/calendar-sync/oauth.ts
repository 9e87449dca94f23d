/**
 * The Google connect flow. `state` is our own authenticated encryption of {org, actor, expiry}, so the
 * unauthenticated callback can trust which org it is for and that we issued it recently. The refresh
 * token is stored encrypted, bound by AAD to its org.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, badRequest } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { Actor } from '../../platform/http/context.ts';
import { originOf, recordAudit, type AuditOrigin } from '../audit/service.ts';
import { calendarTokenAad, googleOAuth, redirectUri } from '../../connectors/calendar.ts';
import { startMirroring } from './service.ts';

const STATE_AAD = 'calendar:google:oauth_state';
const STATE_TTL_MS = 10 * 60_000;

interface State {
  org: string;
  origin: AuditOrigin;
  exp: number;
  nonce: string;
}

export function startConnect(deps: Deps, actor: Actor) {
  const oauth = googleOAuth(deps);
  const exp = Date.now() + STATE_TTL_MS;
  const state: State = { org: actor.orgId, origin: originOf(actor), exp, nonce: randomBytes(12).toString('base64url') };
  const sealed = deps.keyring.encrypt(JSON.stringify(state), STATE_AAD);
  return { object: 'calendar_connect' as const, authorize_url: oauth.authorizeUrl({ state: sealed, redirectUri: redirectUri(deps) }), expires_at: new Date(exp).toISOString() };
}

function openState(deps: Deps, sealed: string): State {
  let state: State;
  try {
    state = JSON.parse(deps.keyring.decrypt(sealed, STATE_AAD)) as State;
  } catch {
    throw badRequest('invalid_oauth_state', 'The connect link is not valid. Start connecting again.');
  }
  if (state.exp < Date.now()) throw badRequest('invalid_oauth_state', 'The connect link has expired. Start connecting again.');
  return state;
}

/** Google's redirect: exchange the code, store the token, start mirroring. Returns where to send the browser. */
export async function finishConnect(deps: Deps, query: { code?: string; state: string; error?: string }): Promise<string> {
  const state = openState(deps, query.state);
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
    await recordAudit(tx, state.org, state.origin, { action: 'calendar.connected', targetType: 'calendar_connection', targetId: row.id, metadata: { provider: 'google', account: tokens.email ?? null } });
  });
  await startMirroring(deps, state.org, `connect${Date.now()}`).catch((err) => deps.logger.warn({ err: (err as Error).message }, 'initial calendar sync could not be queued'));
  return back('connected=google');
}
