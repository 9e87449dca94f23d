import type { Knex } from 'knex';
import { ApiError, notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { Actor, Principal, RequestContext, Role, Scope } from '../../platform/http/context.ts';
import { listMemberships } from './repo.ts';

// A key is not a person; its scopes stand in for a role when an endpoint checks one.
function roleForScopes(scopes: Scope[]): Role {
  if (scopes.includes('admin')) return 'admin';
  if (scopes.includes('write')) return 'member';
  return 'viewer';
}

/** What `Voxanne-Mode` asked for; a test key can never act in live mode. */
export type RequestedMode = 'live' | 'test' | undefined;

function livemodeOf(principal: Principal, requested: RequestedMode): boolean {
  if (principal.type === 'api_key' && principal.mode === 'test') {
    if (requested === 'live') throw new ApiError(403, 'test_key_livemode', 'A vox_test_ key acts in test mode only; use a live key for live data.');
    return false;
  }
  return requested !== 'test';
}

/**
 * Decides which org a request acts on, and in which mode (live unless a test key or `Voxanne-Mode: test`). Without `Voxanne-Org` it is the caller's own org; with it, the
 * target must be the caller's org or one of its children. Anything else is "not found", so a caller
 * cannot even learn that a foreign org exists.
 */
export async function resolveActor(knex: Knex, principal: Principal, requestedOrg: string | undefined, ctx: RequestContext, requestedMode?: RequestedMode): Promise<Actor> {
  const base = { principal, livemode: livemodeOf(principal, requestedMode), ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId };
  if (principal.type === 'api_key') {
    const role = roleForScopes(principal.scopes);
    if (!requestedOrg || requestedOrg === principal.keyOrgId) return { ...base, orgId: principal.keyOrgId, role, userId: null };
    const child = await inScope(knex, { orgId: principal.keyOrgId }, (tx) =>
      tx('orgs').where({ id: requestedOrg, parent_id: principal.keyOrgId }).first('id'),
    );
    if (!child) throw notFound('Org');
    return { ...base, orgId: requestedOrg, role, userId: null };
  }

  return inScope(knex, { userId: principal.userId, orgId: requestedOrg ?? null }, async (tx) => {
    const memberships = await listMemberships(tx, principal.userId);
    let orgId: string;
    let role: Role;
    let requireMfa: boolean;
    const direct = requestedOrg ? memberships.find((m) => m.id === requestedOrg) : memberships[0];
    if (direct) {
      ({ id: orgId, role, require_mfa: requireMfa } = direct);
    } else if (requestedOrg) {
      const target = await tx('orgs').where({ id: requestedOrg }).first('id', 'parent_id', 'require_mfa');
      const viaParent = target?.parent_id ? memberships.find((m) => m.id === target.parent_id) : undefined;
      if (!target || !viaParent) throw notFound('Org');
      orgId = target.id;
      role = viaParent.role;
      requireMfa = target.require_mfa || viaParent.require_mfa;
    } else {
      throw new ApiError(403, 'no_membership', 'This account does not belong to any org.');
    }
    if (requireMfa && !principal.mfaEnabled) {
      throw new ApiError(403, 'mfa_enrollment_required', 'This org requires multi-factor authentication. Enroll to continue.');
    }
    return { ...base, orgId, role, userId: principal.userId };
  });
}
