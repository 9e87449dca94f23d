/**
 * How a person reaches an org: their own membership in it, or else their membership in its parent (an agency
 * member reaching a clinic), the same order `resolveActor` uses. Anything that hands out access in a person's
 * name (a new API key, an invite) locks that membership row FOR SHARE, and removing or demoting the person
 * locks it FOR UPDATE, so the two never interleave: a key made while a member is being removed is either
 * seen and revoked by the removal or refused after it.
 */
import type { Tx } from '../../platform/db/tenancy.ts';
import type { Role } from '../../platform/http/context.ts';

export interface Access {
  membershipId: string;
  /** The org whose membership grants the access: `orgId` itself or its parent. */
  viaOrgId: string;
  role: Role;
}

/** Lets the transaction see `userId`'s memberships in every org (the policy admits the current user's rows). */
export async function actAsUser(tx: Tx, userId: string | null): Promise<void> {
  await tx.raw(`select set_config('app.user_id', ?, true)`, [userId ?? '']);
}

async function accessRows(tx: Tx, userId: string, orgId: string, lock: 'share' | 'update' | null): Promise<Access | null> {
  await actAsUser(tx, userId);
  const q = tx('memberships as m')
    .where('m.user_id', userId)
    .where((w) => w.where('m.org_id', orgId).orWhereIn('m.org_id', tx('orgs').where({ id: orgId }).whereNotNull('parent_id').select('parent_id')))
    .select('m.id', 'm.org_id', 'm.role');
  if (lock === 'share') q.forShare();
  if (lock === 'update') q.forUpdate();
  const rows: { id: string; org_id: string; role: Role }[] = await q;
  const row = rows.find((r) => r.org_id === orgId) ?? rows[0];
  return row ? { membershipId: row.id, viaOrgId: row.org_id, role: row.role } : null;
}

/** The person's access to `orgId`, with its membership locked against removal and demotion until commit. */
export const lockAccess = (tx: Tx, userId: string, orgId: string) => accessRows(tx, userId, orgId, 'share');

/** The same, unlocked: for the one who already holds the lock (the removal or demotion itself). */
export const currentAccess = (tx: Tx, userId: string, orgId: string) => accessRows(tx, userId, orgId, null);

/** Whether the person still belongs to any org at all. */
export async function hasAnyMembership(tx: Tx, userId: string): Promise<boolean> {
  await actAsUser(tx, userId);
  return Boolean(await tx('memberships').where({ user_id: userId }).first('id'));
}

/** Only an owner grants the owner role; owners and admins grant the rest; nobody else invites. */
export function canGrant(granter: Role | null, role: Role): boolean {
  if (granter === 'owner') return true;
  if (granter === 'admin') return role !== 'owner';
  return false;
}
