import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, conflict, notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { recordAudit, type AuditOrigin, type AuditEntry } from '../audit/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { orgToApi } from '../orgs/index.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { checkTotp, hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpUri } from './totp.ts';
import { findUser, findUserByEmail, listMemberships } from './repo.ts';
import { issueSession, loadSession, revokeAllSessionsOf, revokeSessionRow } from './sessions.ts';
import { membershipToApi, sessionToApi, userToApi, type MembershipRow, type UserRow } from './view.ts';

export interface Origin {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

const userOrigin = (userId: string, o: Origin): AuditOrigin => ({
  actorType: 'user',
  actorId: userId,
  ip: o.ip,
  userAgent: o.userAgent,
  requestId: o.requestId,
});

/** Auth events concern every org the user belongs to, so each org's admins see them. */
async function auditUser(tx: Tx, memberships: MembershipRow[], origin: AuditOrigin, entry: AuditEntry) {
  for (const m of memberships) {
    await tx.raw(`select set_config('app.org_id', ?, true)`, [m.id]);
    await recordAudit(tx, m.id, origin, entry);
  }
}

const mfaAad = (userId: string) => `${userId}:mfa_totp`;

function needsEnrollment(user: UserRow, memberships: MembershipRow[]): boolean {
  return !user.mfa_enabled && memberships.some((m) => m.require_mfa);
}

/** The body every sign-in path answers with; the session cookie is set from `token` by the route. */
export async function authResult(tx: Tx, deps: Deps, user: UserRow, origin: Origin, preferredOrgId?: string) {
  const memberships = await listMemberships(tx, user.id);
  const session = await issueSession(tx, deps.config, user.id, origin);
  const first = memberships.find((m) => m.id === preferredOrgId) ?? memberships[0];
  if (!first) throw new ApiError(403, 'no_membership', 'This account does not belong to any org.');
  const { role: _role, ...org } = first;
  return {
    token: session.token,
    memberships,
    body: {
      user: userToApi(user),
      org: orgToApi(org),
      memberships: memberships.map(membershipToApi),
      session: sessionToApi(session.row, session.row.id),
      csrf_token: session.row.csrf_token,
      mfa_enrollment_required: needsEnrollment(user, memberships),
    },
  };
}

export interface NewAccount {
  email: string;
  passwordHash: string;
  name: string;
  org_name: string;
}

/**
 * Creates the org, its owner and a session inside `tx` (a verified sign-up's transaction), scoped to the new
 * org, user and email first. The caller has checked the email has no account; the unique index is the last word.
 */
export async function createAccount(tx: Tx, deps: Deps, input: NewAccount, origin: Origin) {
  const orgId = newId('org');
  const userId = newId('user');
  await tx.raw(`select set_config('app.org_id', ?, true), set_config('app.user_id', ?, true), set_config('app.email', ?, true)`, [orgId, userId, input.email]);
  await tx('orgs').insert({ id: orgId, name: input.org_name });
  await tx('users').insert({ id: userId, email: input.email, name: input.name, password_hash: input.passwordHash });
  await tx('memberships').insert({ id: newId('member'), org_id: orgId, user_id: userId, role: 'owner' });
  await recordAudit(tx, orgId, userOrigin(userId, origin), { action: 'auth.signup', targetType: 'org', targetId: orgId });
  await emitEvent(tx, orgId, 'org.created', { org_id: orgId });
  const user = (await findUser(tx, userId))!;
  return authResult(tx, deps, user, origin);
}

export interface LoginInput {
  email: string;
  password: string;
  mfa_code?: string;
  recovery_code?: string;
}

/**
 * Password, then (when enabled) a TOTP or recovery code. Every attempt is charged to the account and to the
 * IP BEFORE the password is checked, so parallel guesses cannot outrun the limit (each check costs ~70 ms of
 * argon2); the charge is given back when the attempt turns out not to be a failure (signed in, or a correct
 * password still waiting for its second factor).
 */
export async function login(deps: Deps, input: LoginInput, origin: Origin) {
  const email = input.email.trim().toLowerCase();
  const { loginPerAccount, loginPerIp } = deps.limiters;
  const ipKey = origin.ip ?? 'unknown';
  await loginPerAccount.consume(email, 'login_throttled');
  try {
    await loginPerIp.consume(ipKey, 'login_throttled');
  } catch (err) {
    // The account's point goes back: this attempt never reached it.
    await loginPerAccount.refund(email).catch(() => undefined);
    throw err;
  }
  const notAFailure = async () => {
    await loginPerAccount.refund(email).catch(() => undefined);
    await loginPerIp.refund(ipKey).catch(() => undefined);
  };
  const fail = async (code: string, message: string, user?: UserRow): Promise<never> => {
    if (user) {
      await inScope(deps.knex, { userId: user.id }, async (tx) =>
        auditUser(tx, await listMemberships(tx, user.id), userOrigin(user.id, origin), { action: 'auth.login_failed', metadata: { reason: code } }),
      );
    }
    throw new ApiError(401, code, message);
  };

  const user = await inScope(deps.knex, { email }, (tx) => findUserByEmail(tx, email));
  if (!user) {
    await verifyAgainstDummy(input.password);
    return fail('invalid_credentials', 'The email or password is incorrect.');
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    return fail('invalid_credentials', 'The email or password is incorrect.', user);
  }

  let usedRecoveryHash: string | undefined;
  let usedStep: number | null = null;
  if (user.mfa_enabled) {
    if (input.mfa_code) {
      const secret = deps.keyring.decrypt(user.mfa_secret_enc!, mfaAad(user.id));
      usedStep = await checkTotp(secret, input.mfa_code, user.mfa_last_step);
      if (usedStep === null) return fail('invalid_mfa_code', 'The authentication code is incorrect.', user);
    } else if (input.recovery_code) {
      usedRecoveryHash = hashRecoveryCode(input.recovery_code);
      if (!user.mfa_recovery_hashes.includes(usedRecoveryHash)) return fail('invalid_mfa_code', 'The recovery code is incorrect.', user);
    } else {
      await notAFailure();
      throw new ApiError(401, 'mfa_required', 'Enter the code from your authenticator app.');
    }
  }

  const spent = new ApiError(401, 'invalid_mfa_code', usedRecoveryHash ? 'The recovery code was already used.' : 'The authentication code was already used.');
  const result = await inScope(deps.knex, { userId: user.id }, async (tx) => {
    if (usedStep !== null) {
      // Conditional, so two concurrent sign-ins with one code cannot both pass.
      const n = await tx('users').where({ id: user.id }).where((q) => q.whereNull('mfa_last_step').orWhere('mfa_last_step', '<', usedStep)).update({ mfa_last_step: usedStep });
      if (!n) throw spent;
    }
    if (usedRecoveryHash) {
      // Each recovery code works once: spent only if still there, so of two parallel sign-ins one wins.
      const n = await tx('users')
        .where({ id: user.id })
        .whereRaw('? = any(mfa_recovery_hashes)', [usedRecoveryHash])
        .update({ mfa_recovery_hashes: tx.raw('array_remove(mfa_recovery_hashes, ?)', [usedRecoveryHash]) });
      if (!n) throw spent;
    }
    const result = await authResult(tx, deps, user, origin);
    await auditUser(tx, result.memberships, userOrigin(user.id, origin), {
      action: 'auth.login',
      targetType: 'session',
      targetId: result.body.session.id,
      metadata: { mfa: user.mfa_enabled ? (usedRecoveryHash ? 'recovery_code' : 'totp') : 'none' },
    });
    return result;
  }).catch((err: unknown) => (err === spent ? fail(spent.code, spent.message, user) : Promise.reject(err)));
  // Signed in: the account's failures are forgiven, and this attempt does not count against the IP.
  await loginPerAccount.reset(email).catch(() => undefined);
  await loginPerIp.refund(ipKey).catch(() => undefined);
  return result;
}

export async function me(deps: Deps, userId: string, sessionId: string) {
  return inScope(deps.knex, { userId }, async (tx) => {
    const user = (await findUser(tx, userId))!;
    const memberships = await listMemberships(tx, userId);
    const session = await loadSession(tx, sessionId);
    return {
      user: userToApi(user),
      memberships: memberships.map(membershipToApi),
      session: sessionToApi(session, sessionId),
      csrf_token: session.csrf_token,
      mfa_enrollment_required: needsEnrollment(user, memberships),
    };
  });
}

export async function logout(deps: Deps, userId: string, sessionId: string, origin: Origin) {
  await revokeSession(deps, userId, sessionId, sessionId, origin);
}

export async function revokeSession(deps: Deps, userId: string, sessionId: string, currentSessionId: string, origin: Origin) {
  await inScope(deps.knex, { userId }, async (tx) => {
    if (!(await revokeSessionRow(tx, userId, sessionId))) throw notFound('Session');
    await auditUser(tx, await listMemberships(tx, userId), userOrigin(userId, origin), {
      action: sessionId === currentSessionId ? 'auth.logout' : 'auth.session_revoked',
      targetType: 'session',
      targetId: sessionId,
    });
  });
}

export async function enrollMfa(deps: Deps, userId: string) {
  return inScope(deps.knex, { userId }, async (tx) => {
    const user = (await findUser(tx, userId))!;
    if (user.mfa_enabled) throw conflict('mfa_already_enabled', 'MFA is already enabled. Disable it first to enroll a new device.');
    const secret = newTotpSecret();
    await tx('users').where({ id: userId }).update({ mfa_pending_secret_enc: deps.keyring.encrypt(secret, mfaAad(userId)), updated_at: new Date() });
    return { secret, otpauth_uri: totpUri(secret, user.email) };
  });
}

export async function verifyMfa(deps: Deps, userId: string, code: string, origin: Origin) {
  return inScope(deps.knex, { userId }, async (tx) => {
    const user = (await findUser(tx, userId))!;
    if (user.mfa_enabled) throw conflict('mfa_already_enabled', 'MFA is already enabled.');
    if (!user.mfa_pending_secret_enc) throw conflict('mfa_not_enrolling', 'Start enrollment first.');
    const secret = deps.keyring.decrypt(user.mfa_pending_secret_enc, mfaAad(userId));
    const step = await checkTotp(secret, code, null);
    if (step === null) throw new ApiError(400, 'invalid_mfa_code', 'The authentication code is incorrect.');
    const codes = newRecoveryCodes();
    await tx('users').where({ id: userId }).update({
      mfa_last_step: step,
      mfa_enabled: true,
      mfa_secret_enc: user.mfa_pending_secret_enc,
      mfa_pending_secret_enc: null,
      mfa_recovery_hashes: codes.map(hashRecoveryCode),
      updated_at: new Date(),
    });
    await auditUser(tx, await listMemberships(tx, userId), userOrigin(userId, origin), { action: 'auth.mfa_enabled', targetType: 'user', targetId: userId });
    return { recovery_codes: codes };
  });
}

export async function disableMfa(deps: Deps, userId: string, code: string, origin: Origin) {
  await inScope(deps.knex, { userId }, async (tx) => {
    const user = (await findUser(tx, userId))!;
    if (!user.mfa_enabled) throw conflict('mfa_not_enabled', 'MFA is not enabled.');
    const memberships = await listMemberships(tx, userId);
    if (memberships.some((m) => m.require_mfa)) throw conflict('mfa_required_by_org', 'An org you belong to requires MFA.');
    const secret = deps.keyring.decrypt(user.mfa_secret_enc!, mfaAad(userId));
    if ((await checkTotp(secret, code, user.mfa_last_step)) === null) throw new ApiError(400, 'invalid_mfa_code', 'The authentication code is incorrect.');
    await tx('users').where({ id: userId }).update({ mfa_enabled: false, mfa_secret_enc: null, mfa_recovery_hashes: [], mfa_last_step: null, updated_at: new Date() });
    await auditUser(tx, memberships, userOrigin(userId, origin), { action: 'auth.mfa_disabled', targetType: 'user', targetId: userId });
  });
}

/** For other modules working inside their own transaction (invites): users are the auth module's to read. */
export const userById = (tx: Tx, id: string) => findUser(tx, id);
export const userByEmail = (tx: Tx, email: string) => findUserByEmail(tx, email);
/** For the members module: a person who belongs to no org any more keeps no session either. */
export const endAllSessions = (tx: Tx, userId: string) => revokeAllSessionsOf(tx, userId);
