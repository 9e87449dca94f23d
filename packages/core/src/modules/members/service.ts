import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, conflict, forbidden, notFound, unauthenticated } from '../../platform/errors.ts';
import { inScope, switchOrg, type Tx } from '../../platform/db/tenancy.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { iso, isoRequired } from '../../platform/db/rows.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import { randomToken, sha256Hex } from '../../platform/crypto/hash.ts';
import { ROLE_RANK, type Actor, type Role } from '../../platform/http/context.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { hashPassword, authResult, endAllSessions, userByEmail, userById, type Origin } from '../auth/index.ts';
import { lockMaker, settleOwnerKeys } from '../api-keys/index.ts';
import { actAsUser, canGrant, currentAccess, hasAnyMembership } from './access.ts';

interface MemberRow {
  id: string;
  user_id: string;
  email: string;
  name: string;
  role: Role;
  mfa_enabled: boolean;
  created_at: Date;
}

const memberToApi = (m: MemberRow) => ({
  id: m.id,
  object: 'member' as const,
  user_id: m.user_id,
  email: m.email,
  name: m.name,
  role: m.role,
  mfa_enabled: m.mfa_enabled,
  created_at: isoRequired(m.created_at),
});

const memberQuery = (tx: Tx, orgId: string) =>
  tx('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.org_id', orgId)
    .select('m.id', 'm.user_id', 'u.email', 'u.name', 'm.role', 'u.mfa_enabled', 'm.created_at');

export async function listMembers(deps: Deps, actor: Actor, page: PageParams) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) => paginate(memberQuery(tx, actor.orgId), page, memberToApi, { list: 'members', idColumn: 'm.id' }));
}

async function ownerCount(tx: Tx, orgId: string): Promise<number> {
  const [row] = await tx('memberships').where({ org_id: orgId, role: 'owner' }).count<{ count: number }[]>('* as count');
  return Number(row?.count ?? 0);
}

/** Only an owner can make or unmake owners; an org always keeps at least one owner. */
function assertCanTouchOwner(actor: Actor, from: Role, to: Role | null) {
  if ((from === 'owner' || to === 'owner') && actor.role !== 'owner') {
    throw forbidden('Only an owner can grant or remove the owner role.');
  }
}

interface AccessSettled {
  revoked_api_keys: number;
  narrowed_api_keys: number;
  revoked_invites: number;
  revoked_sessions: number;
}

/**
 * After a person's membership in `orgId` was removed or changed (and is locked by this transaction), brings
 * everything handed out in their name back within what they can still reach: their keys (revoked or
 * narrowed) and pending invites in `orgId` and in its child orgs, and, when they belong nowhere any more,
 * their sessions. Leaves the transaction scoped to `orgId` again.
 */
async function settleAccess(tx: Tx, actor: Actor, orgId: string, userId: string, reason: string): Promise<AccessSettled> {
  const settled: AccessSettled = { revoked_api_keys: 0, narrowed_api_keys: 0, revoked_invites: 0, revoked_sessions: 0 };
  const children: { id: string }[] = await tx('orgs').where({ parent_id: orgId }).select('id');
  for (const org of [orgId, ...children.map((c) => c.id)]) {
    await switchOrg(tx, org);
    const role = (await currentAccess(tx, userId, org))?.role ?? null;
    const keys = await settleOwnerKeys(tx, org, userId, role, originOf(actor), reason);
    settled.revoked_api_keys += keys.revoked;
    settled.narrowed_api_keys += keys.narrowed;
    const pending: { id: string; role: Role }[] = await tx('invites')
      .where({ org_id: org, invited_by: userId })
      .whereNull('accepted_at')
      .whereNull('revoked_at')
      .where('expires_at', '>', new Date())
      .select('id', 'role');
    for (const invite of pending.filter((i) => !canGrant(role, i.role))) {
      await tx('invites').where({ id: invite.id }).update({ revoked_at: new Date() });
      await recordAudit(tx, org, originOf(actor), { action: 'member.invite_revoked', targetType: 'invite', targetId: invite.id, metadata: { reason } });
      settled.revoked_invites++;
    }
  }
  await switchOrg(tx, orgId);
  if (!(await hasAnyMembership(tx, userId))) settled.revoked_sessions = await endAllSessions(tx, userId);
  await actAsUser(tx, null);
  return settled;
}

export async function updateMemberRole(deps: Deps, actor: Actor, memberId: string, role: Role) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const member: MemberRow | undefined = await memberQuery(tx, actor.orgId).where('m.id', memberId).forUpdate('m').first();
    if (!member) throw notFound('Member');
    assertCanTouchOwner(actor, member.role, role);
    if (member.role === 'owner' && role !== 'owner' && (await ownerCount(tx, actor.orgId)) <= 1) {
      throw conflict('last_owner', 'An org must keep at least one owner.');
    }
    await tx('memberships').where({ id: memberId }).update({ role });
    const settled = ROLE_RANK[role] < ROLE_RANK[member.role] ? await settleAccess(tx, actor, actor.orgId, member.user_id, 'member.role_changed') : null;
    await recordAudit(tx, actor.orgId, originOf(actor), {
      action: 'member.role_changed',
      targetType: 'member',
      targetId: memberId,
      metadata: { from: member.role, to: role, user_id: member.user_id, ...settled },
    });
    await emitEvent(tx, actor.orgId, 'member.updated', { member_id: memberId, role });
    return memberToApi({ ...member, role });
  });
}

export async function removeMember(deps: Deps, actor: Actor, memberId: string) {
  await inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const member: MemberRow | undefined = await memberQuery(tx, actor.orgId).where('m.id', memberId).forUpdate('m').first();
    if (!member) throw notFound('Member');
    assertCanTouchOwner(actor, member.role, null);
    if (member.role === 'owner' && (await ownerCount(tx, actor.orgId)) <= 1) {
      throw conflict('last_owner', 'An org must keep at least one owner.');
    }
    await tx('memberships').where({ id: memberId }).delete();
    const settled = await settleAccess(tx, actor, actor.orgId, member.user_id, 'member.removed');
    await recordAudit(tx, actor.orgId, originOf(actor), {
      action: 'member.removed',
      targetType: 'member',
      targetId: memberId,
      metadata: { user_id: member.user_id, role: member.role, ...settled },
    });
    await emitEvent(tx, actor.orgId, 'member.removed', { member_id: memberId });
  });
}

interface InviteRow {
  id: string;
  org_id: string;
  email: string;
  role: Role;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

function inviteStatus(r: InviteRow) {
  if (r.accepted_at) return 'accepted' as const;
  if (r.revoked_at) return 'revoked' as const;
  if (r.expires_at.getTime() <= Date.now()) return 'expired' as const;
  return 'pending' as const;
}

const inviteToApi = (r: InviteRow) => ({
  id: r.id,
  object: 'invite' as const,
  email: r.email,
  role: r.role,
  status: inviteStatus(r),
  expires_at: iso(r.expires_at)!,
  created_at: isoRequired(r.created_at),
});

const INVITE_TTL_MS = 7 * 24 * 3600_000;

export async function createInvite(deps: Deps, actor: Actor, input: { email: string; role: Role }) {
  assertCanTouchOwner(actor, 'viewer', input.role);
  const email = input.email.trim().toLowerCase();
  const token = `inv_tok_${randomToken(24)}`;
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    // The invite is sent in a person's name (a key's owner when a key sends it), so it ends with their access.
    const maker = await lockMaker(tx, actor);
    if (maker.role && !canGrant(maker.role, input.role)) throw forbidden(`You cannot invite someone as ${input.role}.`);
    const already = await memberQuery(tx, actor.orgId).whereRaw('lower(u.email) = ?', [email]).first();
    if (already) throw conflict('already_member', 'This person is already a member.');
    const [row] = (await tx('invites')
      .insert({
        id: newId('invite'),
        org_id: actor.orgId,
        email,
        role: input.role,
        token_hash: sha256Hex(token),
        invited_by: maker.userId,
        expires_at: new Date(Date.now() + INVITE_TTL_MS),
      })
      .returning('*')) as InviteRow[];
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'member.invited', targetType: 'invite', targetId: row!.id, metadata: { role: input.role } });
    return { ...inviteToApi(row!), token };
  });
}

export async function listInvites(deps: Deps, actor: Actor, page: PageParams) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) =>
    paginate(tx('invites').where({ org_id: actor.orgId }).whereNull('accepted_at').whereNull('revoked_at').select('*'), page, inviteToApi, { list: 'invites' }),
  );
}

export async function revokeInvite(deps: Deps, actor: Actor, inviteId: string) {
  await inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const n = await tx('invites').where({ id: inviteId }).whereNull('accepted_at').whereNull('revoked_at').update({ revoked_at: new Date() });
    if (!n) throw notFound('Invite');
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'member.invite_revoked', targetType: 'invite', targetId: inviteId });
  });
}

export async function acceptInvite(
  deps: Deps,
  input: { token: string; name?: string; password?: string },
  session: { userId: string } | null,
  origin: Origin,
) {
  const inviteHash = sha256Hex(input.token);
  const passwordHash = !session && input.password ? await hashPassword(input.password) : null;
  try {
    return await inScope(deps.knex, { inviteHash }, async (tx) => {
      const invite: InviteRow | undefined = await tx('invites').where({ token_hash: inviteHash }).forUpdate().first();
      if (!invite || inviteStatus(invite) !== 'pending') throw notFound('Invite');
      await tx.raw(`select set_config('app.email', ?, true)`, [invite.email]);
      const existing = await userByEmail(tx, invite.email);
      let userId: string;
      if (session) {
        if (!existing || existing.id !== session.userId) throw forbidden('This invite was sent to a different email address.');
        userId = session.userId;
      } else if (existing) {
        throw unauthenticated('sign_in_required', 'Sign in as the invited email to accept this invite.');
      } else {
        if (!input.name || !passwordHash) throw new ApiError(400, 'validation_failed', 'A name and password are needed to create your account.');
        userId = newId('user');
        await tx.raw(`select set_config('app.user_id', ?, true)`, [userId]);
        await tx('users').insert({ id: userId, email: invite.email, name: input.name, password_hash: passwordHash });
      }
      await tx.raw(`select set_config('app.user_id', ?, true)`, [userId]);
      await switchOrg(tx, invite.org_id);
      await tx('memberships').insert({ id: newId('member'), org_id: invite.org_id, user_id: userId, role: invite.role });
      await tx('invites').where({ id: invite.id }).update({ accepted_at: new Date() });
      await recordAudit(tx, invite.org_id, { actorType: 'user', actorId: userId, ip: origin.ip, userAgent: origin.userAgent, requestId: origin.requestId }, {
        action: 'member.joined',
        targetType: 'invite',
        targetId: invite.id,
        metadata: { role: invite.role },
      });
      await emitEvent(tx, invite.org_id, 'member.added', { user_id: userId, role: invite.role });
      const user = (await userById(tx, userId))!;
      const { token, body } = await authResult(tx, deps, user, origin, invite.org_id);
      return { token, body };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('already_member', 'You are already a member of this org.');
    throw err;
  }
}
