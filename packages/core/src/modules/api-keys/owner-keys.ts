/**
 * Keeps a person's keys within their access to one org, inside the transaction that changed that access
 * (a removal or a role change; see members/service.ts). No access left: the keys are revoked. Less access:
 * each key is narrowed to what the role allows. Each key's change is audited in the org it lives in.
 */
import type { Tx } from '../../platform/db/tenancy.ts';
import type { Role, Scope } from '../../platform/http/context.ts';
import { recordAudit, type AuditOrigin } from '../audit/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { narrowScopes, sameScopes, scopesForRole } from './scopes.ts';

export interface KeysSettled {
  revoked: number;
  narrowed: number;
}

/** The transaction must be scoped to `orgId`. `reason` is the audited action that caused this. */
export async function settleOwnerKeys(tx: Tx, orgId: string, userId: string, role: Role | null, origin: AuditOrigin, reason: string): Promise<KeysSettled> {
  const keys: { id: string; name: string; scopes: Scope[] }[] = await tx('api_keys')
    .where({ org_id: orgId, owner_user_id: userId })
    .whereNull('revoked_at')
    .orderBy('id')
    .forUpdate()
    .select('id', 'name', 'scopes');
  const allowed = scopesForRole(role);
  const result: KeysSettled = { revoked: 0, narrowed: 0 };
  for (const key of keys) {
    const scopes = narrowScopes(key.scopes, allowed);
    if (sameScopes(scopes, key.scopes)) continue;
    if (scopes.length === 0) {
      await tx('api_keys').where({ id: key.id }).update({ revoked_at: new Date() });
      await recordAudit(tx, orgId, origin, { action: 'api_key.revoked', targetType: 'api_key', targetId: key.id, metadata: { name: key.name, reason } });
      await emitEvent(tx, orgId, 'api_key.revoked', { api_key_id: key.id });
      result.revoked++;
    } else {
      await tx('api_keys').where({ id: key.id }).update({ scopes });
      await recordAudit(tx, orgId, origin, { action: 'api_key.narrowed', targetType: 'api_key', targetId: key.id, metadata: { name: key.name, from: key.scopes, to: scopes, reason } });
      result.narrowed++;
    }
  }
  return result;
}
