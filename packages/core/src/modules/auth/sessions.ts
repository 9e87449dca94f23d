import type { Knex } from 'knex';
import { newId } from '../../platform/ids.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import { randomToken, sha256Hex } from '../../platform/crypto/hash.ts';
import type { Config } from '../../config.ts';
import type { Principal } from '../../platform/http/context.ts';
import { findSessionByHash, insertSession } from './repo.ts';
import { sessionToApi, type SessionRow } from './view.ts';

export interface IssuedSession {
  token: string;
  row: SessionRow;
}

export async function issueSession(
  tx: Tx,
  config: Config,
  userId: string,
  origin: { ip: string | null; userAgent: string | null },
): Promise<IssuedSession> {
  const token = randomToken(32);
  const [row] = await insertSession(tx, {
    id: newId('session'),
    user_id: userId,
    token_hash: sha256Hex(token),
    csrf_token: randomToken(24),
    ip: origin.ip,
    user_agent: origin.userAgent,
    expires_at: new Date(Date.now() + config.session.ttlHours * 3600_000),
  });
  return { token, row: row! };
}

// Writing last_seen_at on every request would turn every read into a write; a minute is precise enough.
const TOUCH_AFTER_MS = 60_000;

/**
 * Resolves a session cookie. Sessions end at their absolute expiry or after the idle timeout
 * (HIPAA automatic logoff), whichever comes first.
 */
export async function authenticateSession(knex: Knex, config: Config, token: string): Promise<Extract<Principal, { type: 'session' }>> {
  const tokenHash = sha256Hex(token);
  return inScope(knex, { sessionHash: tokenHash }, async (tx) => {
    const s = await findSessionByHash(tx, tokenHash);
    const now = Date.now();
    if (!s || s.revoked_at) throw new ApiError(401, 'session_invalid', 'Your session has ended. Sign in again.');
    const idleDeadline = s.last_seen_at.getTime() + config.session.idleMinutes * 60_000;
    if (s.expires_at.getTime() <= now || idleDeadline <= now) {
      throw new ApiError(401, 'session_expired', 'Your session has expired. Sign in again.');
    }
    if (now - s.last_seen_at.getTime() > TOUCH_AFTER_MS) {
      await tx('sessions').where({ id: s.id }).update({ last_seen_at: new Date(now) });
    }
    return { type: 'session', userId: s.user_id, sessionId: s.id, csrfToken: s.csrf_token, mfaEnabled: s.mfa_enabled };
  });
}

export async function loadSession(tx: Tx, sessionId: string): Promise<SessionRow> {
  const row = await tx('sessions').where({ id: sessionId }).first();
  if (!row) throw notFound('Session');
  return row;
}

export async function listSessions(knex: Knex, userId: string, currentId: string, page: PageParams) {
  return inScope(knex, { userId }, (tx) =>
    paginate(
      tx('sessions').where({ user_id: userId }).whereNull('revoked_at').where('expires_at', '>', new Date()).select('*'),
      page,
      (r: SessionRow) => sessionToApi(r, currentId),
      { list: 'sessions' },
    ),
  );
}

export async function revokeSessionRow(tx: Tx, userId: string, sessionId: string): Promise<boolean> {
  const n = await tx('sessions').where({ id: sessionId, user_id: userId }).whereNull('revoked_at').update({ revoked_at: new Date() });
  return n > 0;
}

/** Ends every live session of a user; the transaction must let the user's rows be seen (app.user_id). */
export async function revokeAllSessionsOf(tx: Tx, userId: string): Promise<number> {
  return tx('sessions').where({ user_id: userId }).whereNull('revoked_at').where('expires_at', '>', new Date()).update({ revoked_at: new Date() });
}
