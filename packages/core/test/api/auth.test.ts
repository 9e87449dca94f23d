import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { call, createTenant, nextTotp, sessionFrom, startTestServer, uniqueEmail, PASSWORD, type TestServer } from '../support/index.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function enrollMfa(session: { cookie?: string; csrf?: string }) {
  const enroll = await call(server.url, 'POST', '/v1/auth/mfa/enroll', { creds: session });
  expect(enroll.status).toBe(200);
  expect(enroll.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\/Voxanne:.+\?.*secret=/);
  const secret: string = enroll.body.secret;
  const verify = await call(server.url, 'POST', '/v1/auth/mfa/verify', { body: { code: await generate({ secret }) }, creds: session });
  expect(verify.status).toBe(200);
  return { secret, recoveryCodes: verify.body.recovery_codes as string[] };
}

describe('the full MFA flow', () => {
  it('enrolls, then requires a TOTP code (or a single-use recovery code) at sign-in', async () => {
    const t = await createTenant(server.url, 'Mfa');
    const wrong = await call(server.url, 'POST', '/v1/auth/mfa/enroll', { creds: t.session });
    const badVerify = await call(server.url, 'POST', '/v1/auth/mfa/verify', { body: { code: '000000' }, creds: t.session });
    expect(wrong.status).toBe(200);
    expect(badVerify.status).toBe(400);
    expect(badVerify.body.code).toBe('invalid_mfa_code');

    const { secret, recoveryCodes } = await enrollMfa(t.session);
    expect(recoveryCodes).toHaveLength(10);
    expect((await call(server.url, 'GET', '/v1/me', { creds: t.session })).body.user.mfa_enabled).toBe(true);

    expect((await call(server.url, 'POST', '/v1/auth/logout', { creds: t.session })).status).toBe(204);
    expect((await call(server.url, 'GET', '/v1/me', { creds: t.session })).status).toBe(401);

    const noCode = await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: PASSWORD } });
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe('mfa_required');
    expect(noCode.headers.getSetCookie()).toEqual([]);

    const badCode = await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: PASSWORD, mfa_code: '123456' } });
    expect(badCode.body.code).toBe('invalid_mfa_code');

    const code = await nextTotp(secret);
    const ok = await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: PASSWORD, mfa_code: code } });
    expect(ok.status).toBe(200);
    // A code works once.
    const replayed = await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: PASSWORD, mfa_code: code } });
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe('invalid_mfa_code');
    const session = sessionFrom(ok);
    expect((await call(server.url, 'GET', '/v1/me', { creds: session })).status).toBe(200);

    const viaRecovery = await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: PASSWORD, recovery_code: recoveryCodes[0] } });
    expect(viaRecovery.status).toBe(200);
    const reused = await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: PASSWORD, recovery_code: recoveryCodes[0] } });
    expect(reused.status).toBe(401);

    const audit = await call(server.url, 'GET', '/v1/audit-events?action=auth.', { creds: { apiKey: t.adminKey } });
    const actions = audit.body.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.mfa_enabled', 'auth.logout', 'auth.login', 'auth.login_failed', 'auth.signup']));
  });

  it('stores the TOTP secret encrypted', async () => {
    const t = await createTenant(server.url, 'Enc');
    const { secret } = await enrollMfa(t.session);
    const owner = await server.platform.db.owner();
    const { rows } = await owner.raw('select mfa_secret_enc from users where id = ?', [t.userId]);
    expect(rows[0].mfa_secret_enc).toMatch(/^v1\.test1\./);
    expect(rows[0].mfa_secret_enc).not.toContain(secret);
  });

  it('an org can require MFA of every member', async () => {
    const t = await createTenant(server.url, 'Strict');
    const refused = await call(server.url, 'PATCH', '/v1/org', { body: { require_mfa: true }, creds: t.session });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('mfa_enrollment_required');
    await enrollMfa(t.session);
    const on = await call(server.url, 'PATCH', '/v1/org', { body: { require_mfa: true }, creds: t.session });
    expect(on.body.require_mfa).toBe(true);

    const invite = await call(server.url, 'POST', '/v1/invites', { body: { email: uniqueEmail('nomfa'), role: 'member' }, creds: t.session });
    const joined = await call(server.url, 'POST', '/v1/invites/accept', { body: { token: invite.body.token, name: 'New', password: PASSWORD } });
    expect(joined.body.mfa_enrollment_required).toBe(true);
    const member = sessionFrom(joined);
    const blocked = await call(server.url, 'GET', '/v1/org', { creds: member });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('mfa_enrollment_required');
    await enrollMfa(member);
    expect((await call(server.url, 'GET', '/v1/org', { creds: member })).status).toBe(200);
    const disable = await call(server.url, 'POST', '/v1/auth/mfa/disable', { body: { code: '000000' }, creds: member });
    expect(disable.body.code).toBe('mfa_required_by_org');
  });
});

describe('sessions', () => {
  it('rejects cookie-authenticated writes without the CSRF token', async () => {
    const t = await createTenant(server.url, 'Csrf');
    const noToken = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'x', scopes: ['read'] }, creds: { cookie: t.session.cookie } });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('csrf_failed');
    const wrongToken = await call(server.url, 'PATCH', '/v1/org', { body: { name: 'y' }, creds: { cookie: t.session.cookie, csrf: 'nope' } });
    expect(wrongToken.body.code).toBe('csrf_failed');
    // Reads need no token, and API keys are not cookies: no CSRF check for them.
    expect((await call(server.url, 'GET', '/v1/org', { creds: { cookie: t.session.cookie } })).status).toBe(200);
    expect((await call(server.url, 'PATCH', '/v1/org', { body: { name: 'y' }, creds: { apiKey: t.adminKey } })).status).toBe(200);
  });

  it('lists sessions and revokes another one', async () => {
    const t = await createTenant(server.url, 'Sess');
    const second = sessionFrom(await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: PASSWORD } }));
    const list = await call(server.url, 'GET', '/v1/auth/sessions', { creds: t.session });
    expect(list.body.data).toHaveLength(2);
    const other = list.body.data.find((s: { current: boolean }) => !s.current);
    expect((await call(server.url, 'DELETE', `/v1/auth/sessions/${other.id}`, { creds: t.session })).status).toBe(204);
    const after = await call(server.url, 'GET', '/v1/me', { creds: second });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('session_invalid');
    // API keys cannot use session-only endpoints.
    expect((await call(server.url, 'GET', '/v1/me', { creds: { apiKey: t.adminKey } })).body.code).toBe('session_required');
  });

  it('ends idle sessions (automatic logoff)', async () => {
    const idle = await startTestServer({ env: { SESSION_IDLE_MINUTES: '1' } });
    try {
      const t = await createTenant(idle.url, 'Idle');
      const owner = await idle.platform.db.owner();
      await owner.raw(`update sessions set last_seen_at = now() - interval '2 minutes' where user_id = ?`, [t.userId]);
      const res = await call(idle.url, 'GET', '/v1/me', { creds: t.session });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('session_expired');
    } finally {
      await idle.close();
    }
  });

  it('throttles failed sign-ins per account', async () => {
    const t = await createTenant(server.url, 'Throttle');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: 'wrong password!!' } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Even the right password waits out the lockout.
    const locked = await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('login_throttled');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const unknown = await call(server.url, 'POST', '/v1/auth/login', { body: { email: uniqueEmail('ghost'), password: 'whatever password' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('invalid_credentials');
  });
});

describe('members, invites and roles', () => {
  it('invites a member, enforces roles and keeps an owner', async () => {
    const t = await createTenant(server.url, 'Team');
    const email = uniqueEmail('viewer');
    const invite = await call(server.url, 'POST', '/v1/invites', { body: { email, role: 'viewer' }, creds: t.session });
    expect(invite.status).toBe(201);
    expect(invite.body.status).toBe('pending');
    const joined = await call(server.url, 'POST', '/v1/invites/accept', { body: { token: invite.body.token, name: 'Vera', password: PASSWORD } });
    expect(joined.status).toBe(200);
    expect(joined.body.org.id).toBe(t.orgId);
    const viewer = sessionFrom(joined);
    // Used once.
    expect((await call(server.url, 'POST', '/v1/invites/accept', { body: { token: invite.body.token, name: 'V', password: PASSWORD } })).status).toBe(404);

    expect((await call(server.url, 'GET', '/v1/members', { creds: viewer })).status).toBe(200);
    const denied = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'x', scopes: ['read'] }, creds: viewer });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('forbidden');

    const members = await call(server.url, 'GET', '/v1/members', { creds: t.session });
    const owner = members.body.data.find((m: { role: string }) => m.role === 'owner');
    const vera = members.body.data.find((m: { email: string }) => m.email === email);
    const lastOwner = await call(server.url, 'PATCH', `/v1/members/${owner.id}`, { body: { role: 'admin' }, creds: t.session });
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.code).toBe('last_owner');

    const promoted = await call(server.url, 'PATCH', `/v1/members/${vera.id}`, { body: { role: 'admin' }, creds: t.session });
    expect(promoted.body.role).toBe('admin');
    // An admin cannot make owners.
    const selfOwner = await call(server.url, 'PATCH', `/v1/members/${vera.id}`, { body: { role: 'owner' }, creds: viewer });
    expect(selfOwner.status).toBe(403);

    expect((await call(server.url, 'DELETE', `/v1/members/${vera.id}`, { creds: t.session })).status).toBe(204);
    // Vera belonged to this org only, so removing her ended her sessions too (issue #10 item 3).
    const gone = await call(server.url, 'GET', '/v1/org', { creds: viewer });
    expect(gone.status).toBe(401);
    expect(gone.body.code).toBe('session_invalid');

    const audit = await call(server.url, 'GET', '/v1/audit-events?action=member.', { creds: t.session });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['member.removed', 'member.role_changed', 'member.joined', 'member.invited']);
  });

  it('an existing user must be signed in to accept an invite', async () => {
    const inviter = await createTenant(server.url, 'Inviter');
    const existing = await createTenant(server.url, 'Existing');
    const invite = await call(server.url, 'POST', '/v1/invites', { body: { email: existing.email, role: 'member' }, creds: inviter.session });
    const anonymous = await call(server.url, 'POST', '/v1/invites/accept', { body: { token: invite.body.token, name: 'X', password: PASSWORD } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('sign_in_required');
    const accepted = await call(server.url, 'POST', '/v1/invites/accept', { body: { token: invite.body.token }, creds: existing.session });
    expect(accepted.status).toBe(200);
    expect(accepted.body.memberships.map((m: { org: { id: string } }) => m.org.id)).toEqual(expect.arrayContaining([inviter.orgId, existing.orgId]));
    // Now a member of two orgs, they pick one with Voxanne-Org.
    const asInviter = await call(server.url, 'GET', '/v1/org', { creds: { ...existing.session, org: inviter.orgId } });
    expect(asInviter.body.id).toBe(inviter.orgId);
  });

  it('filters the audit log by actor and time', async () => {
    const t = await createTenant(server.url, 'AuditFilter');
    const created = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'k', scopes: ['read'] }, creds: { apiKey: t.adminKey } });
    await call(server.url, 'DELETE', `/v1/api-keys/${created.body.id}`, { creds: { apiKey: t.adminKey } });
    const keyList = await call(server.url, 'GET', '/v1/api-keys', { creds: { apiKey: t.adminKey } });
    const adminKeyId = keyList.body.data.find((k: { name: string }) => k.name === 'admin').id;
    const byKey = await call(server.url, 'GET', `/v1/audit-events?actor_id=${adminKeyId}`, { creds: { apiKey: t.adminKey } });
    expect(byKey.body.data.map((e: { action: string }) => e.action)).toEqual(['api_key.revoked', 'api_key.created']);
    expect(byKey.body.data[0]).toMatchObject({ actor_type: 'api_key', target_id: created.body.id, ip: expect.any(String) });
    const future = await call(server.url, 'GET', `/v1/audit-events?created_after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { creds: { apiKey: t.adminKey } });
    expect(future.body.data).toEqual([]);
  });
});
