import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, badRequest, notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { Database } from '../../platform/db/database.ts';
import { statement } from '../../platform/db/statements.ts';
import { iso, isoRequired } from '../../platform/db/rows.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import { randomToken, sha256Hex } from '../../platform/crypto/hash.ts';
import type { Actor, Principal, Scope } from '../../platform/http/context.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { lockMaker, type Maker } from './maker.ts';
import { keyHasScope } from './scopes.ts';

export { lockMaker, type Maker } from './maker.ts';
export { settleOwnerKeys, type KeysSettled } from './owner-keys.ts';

interface ApiKeyRow {
  id: string;
  org_id: string;
  name: string;
  mode: 'live' | 'test';
  last4: string;
  scopes: Scope[];
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const PUBLIC_COLUMNS = ['id', 'org_id', 'name', 'mode', 'last4', 'scopes', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'];

const keyToApi = (r: ApiKeyRow) => ({
  id: r.id,
  object: 'api_key' as const,
  name: r.name,
  mode: r.mode,
  prefix: `vox_${r.mode}_`,
  last4: r.last4,
  scopes: r.scopes,
  created_at: isoRequired(r.created_at),
  last_used_at: iso(r.last_used_at),
  expires_at: iso(r.expires_at),
  revoked_at: iso(r.revoked_at),
});

const KEY_SHAPE = /^vox_(live|test)_[A-Za-z0-9_-]{32,64}$/;

const DAY_MS = 86_400_000;

/**
 * When the new key expires: as asked, else after the org's default lifetime, else never; and never after the
 * key that makes it, which it would otherwise outlive.
 */
function expiryFor(asked: Date | null, orgDefaultDays: number | null, maker: Maker): Date | null {
  if (asked && maker.expiresAt && asked.getTime() > maker.expiresAt.getTime()) {
    throw badRequest('expires_after_creator', 'A key cannot outlive the key that creates it.', {
      errors: [{ path: '/body/expires_at', message: `must be at or before ${maker.expiresAt.toISOString()}` }],
    });
  }
  const chosen = asked ?? (orgDefaultDays ? new Date(Date.now() + orgDefaultDays * DAY_MS) : null);
  if (maker.expiresAt && (!chosen || chosen.getTime() > maker.expiresAt.getTime())) return maker.expiresAt;
  return chosen;
}

export async function createApiKey(
  deps: Deps,
  actor: Actor,
  input: { name: string; scopes: Scope[]; mode?: 'live' | 'test'; expires_at?: string },
) {
  const mode = input.mode ?? 'live';
  const asked = input.expires_at ? new Date(input.expires_at) : null;
  if (asked && asked.getTime() <= Date.now()) {
    throw badRequest('validation_failed', 'expires_at must be in the future.', { errors: [{ path: '/body/expires_at', message: 'must be in the future' }] });
  }
  // The key carries 256 bits of randomness, so a fast hash (SHA-256) is enough; argon2 would only slow every request.
  const secret = `vox_${mode}_${randomToken(32)}`;
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const maker = await lockMaker(tx, actor);
    const beyond = input.scopes.filter((s) => !keyHasScope(maker.scopes, s));
    if (beyond.length) {
      throw new ApiError(403, 'insufficient_scope', `A key can only be given scopes its creator holds; not: ${beyond.join(', ')}.`);
    }
    const org: { api_key_default_ttl_days: number | null } | undefined = await tx('orgs').where({ id: actor.orgId }).first('api_key_default_ttl_days');
    const [row] = (await tx('api_keys')
      .insert({
        id: newId('apiKey'),
        org_id: actor.orgId,
        name: input.name,
        mode,
        key_hash: sha256Hex(secret),
        last4: secret.slice(-4),
        scopes: input.scopes,
        created_by: actor.userId ?? (actor.principal.type === 'api_key' ? actor.principal.keyId : null),
        owner_user_id: maker.userId,
        expires_at: expiryFor(asked, org?.api_key_default_ttl_days ?? null, maker),
      })
      .returning(PUBLIC_COLUMNS)) as ApiKeyRow[];
    await recordAudit(tx, actor.orgId, originOf(actor), {
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row!.id,
      metadata: { name: input.name, scopes: input.scopes, mode, ...(maker.userId ? { owner_user_id: maker.userId } : {}) },
    });
    await emitEvent(tx, actor.orgId, 'api_key.created', { api_key_id: row!.id });
    return { ...keyToApi(row!), secret };
  });
}

export async function listApiKeys(deps: Deps, actor: Actor, page: PageParams) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) => paginate(tx('api_keys').select(PUBLIC_COLUMNS), page, keyToApi, { list: 'api_keys' }));
}

export async function getApiKey(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const row: ApiKeyRow | undefined = await tx('api_keys').where({ id }).first(PUBLIC_COLUMNS);
    if (!row) throw notFound('API key');
    return keyToApi(row);
  });
}

export async function revokeApiKey(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const row: ApiKeyRow | undefined = await tx('api_keys').where({ id }).forUpdate().first(PUBLIC_COLUMNS);
    if (!row) throw notFound('API key');
    if (row.revoked_at) return keyToApi(row);
    const [updated] = (await tx('api_keys').where({ id }).update({ revoked_at: new Date() }).returning(PUBLIC_COLUMNS)) as ApiKeyRow[];
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'api_key.revoked', targetType: 'api_key', targetId: id, metadata: { name: row.name } });
    await emitEvent(tx, actor.orgId, 'api_key.revoked', { api_key_id: id });
    return keyToApi(updated!);
  });
}

interface KeyAuthRow {
  id: string;
  org_id: string;
  scopes: Scope[];
  mode: 'live' | 'test';
  expires_at: Date | null;
  revoked_at: Date | null;
}

const AUTHENTICATE = statement<KeyAuthRow>('authenticate_api_key', 'select id, org_id, scopes, mode, expires_at, revoked_at from voxanne_authenticate_api_key($1)');

/**
 * Resolves a presented key in one round trip: a prepared statement scoped to the presented hash, calling
 * the migration's voxanne_authenticate_api_key (touch and read). No cache: a revoked key must fail on its
 * very next request in every process. RLS lets the lookup see only the row whose hash it presents.
 */
export async function authenticateApiKey(db: Database, presented: string): Promise<Extract<Principal, { type: 'api_key' }>> {
  if (!KEY_SHAPE.test(presented)) throw new ApiError(401, 'invalid_api_key', 'The API key is not valid.');
  const hash = sha256Hex(presented);
  const [row] = await db.sql.one({ apiKeyHash: hash }, AUTHENTICATE, [hash]);
  if (!row) throw new ApiError(401, 'invalid_api_key', 'The API key is not valid.');
  if (row.revoked_at) throw new ApiError(401, 'api_key_revoked', 'This API key has been revoked.');
  if (row.expires_at && row.expires_at.getTime() <= Date.now()) throw new ApiError(401, 'api_key_expired', 'This API key has expired.');
  return { type: 'api_key', keyId: row.id, keyOrgId: row.org_id, scopes: row.scopes, mode: row.mode };
}
