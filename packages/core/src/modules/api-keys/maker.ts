/**
 * Who is handing out access (a new key, an invite) and how much they may hand out, settled inside the
 * caller's transaction. A key acts for the person it belongs to, so both a session and a key lock that
 * person's membership (see members/access.ts) and are held to their current role; a key is also held to
 * its own scopes and its own expiry, re-read under lock (it may have been narrowed since the request began).
 */
import { ApiError, forbidden } from '../../platform/errors.ts';
import { switchOrg, type Tx } from '../../platform/db/tenancy.ts';
import type { Actor, Role, Scope } from '../../platform/http/context.ts';
import { actAsUser, lockAccess } from '../members/index.ts';
import { narrowScopes, scopesForRole } from './scopes.ts';

export interface Maker {
  /** The person the new key or invite belongs to; null only for legacy keys nobody owns. */
  userId: string | null;
  /** Their role in the acting org now, or null for an ownerless key. */
  role: Role | null;
  /** What they may grant: a session's role, or the intersection of a key's scopes and its owner's role. */
  scopes: Scope[];
  /** A key cannot make a key that outlives it. */
  expiresAt: Date | null;
}

interface MakingKey {
  owner_user_id: string | null;
  scopes: Scope[];
  expires_at: Date | null;
  revoked_at: Date | null;
}

const revoked = () => new ApiError(401, 'api_key_revoked', 'This API key has been revoked.');

/** Reads the acting key where it lives (an agency key acting on a clinic lives in the agency). */
async function readMakingKey(tx: Tx, actor: Actor, keyId: string, keyOrgId: string, lock: boolean): Promise<MakingKey> {
  if (keyOrgId !== actor.orgId) await switchOrg(tx, keyOrgId);
  const q = tx('api_keys').where({ id: keyId });
  if (lock) q.forShare();
  const row: MakingKey | undefined = await q.first('owner_user_id', 'scopes', 'expires_at', 'revoked_at');
  if (keyOrgId !== actor.orgId) await switchOrg(tx, actor.orgId);
  if (!row || row.revoked_at) throw revoked();
  if (row.expires_at && row.expires_at.getTime() <= Date.now()) throw new ApiError(401, 'api_key_expired', 'This API key has expired.');
  return row;
}

/** Leaves the transaction's user setting empty (the callers' scopes carry none). */
export async function lockMaker(tx: Tx, actor: Actor): Promise<Maker> {
  const p = actor.principal;
  if (p.type === 'session') {
    const access = await lockAccess(tx, p.userId, actor.orgId);
    await actAsUser(tx, null);
    if (!access) throw forbidden('You no longer have access to this org.');
    return { userId: p.userId, role: access.role, scopes: scopesForRole(access.role), expiresAt: null };
  }
  const first = await readMakingKey(tx, actor, p.keyId, p.keyOrgId, false);
  let role: Role | null = null;
  if (first.owner_user_id) {
    const access = await lockAccess(tx, first.owner_user_id, actor.orgId);
    await actAsUser(tx, null);
    if (!access) throw revoked();
    role = access.role;
  }
  // Under the owner's lock: whatever a concurrent demotion did to this key is visible now.
  const key = await readMakingKey(tx, actor, p.keyId, p.keyOrgId, true);
  const scopes = role ? narrowScopes(key.scopes, scopesForRole(role)) : key.scopes;
  return { userId: key.owner_user_id, role, scopes, expiresAt: key.expires_at };
}
