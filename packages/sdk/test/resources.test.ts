import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@voxanne/core/testing';
import { AuthenticationError, ConflictError, NotFoundError, PermissionError, Voxanne, type ApiKeyWithSecret, type AuthResult } from '../src/index.ts';
import { CookieJar } from './support/cookie-jar.ts';
import { totp } from './support/totp.ts';
import { signUpVerified } from './support/signup.ts';

const PASSWORD = 'correct horse battery staple';
let server: TestServer;

/** A dashboard user in Node: the jar plays the browser's cookie store, the SDK does the CSRF header. */
function browserLike() {
  const jar = new CookieJar();
  return { jar, vox: new Voxanne({ baseUrl: server.url, fetch: jar.fetch }) };
}

let owner: ReturnType<typeof browserLike>;
let signup: AuthResult;
let adminKey: ApiKeyWithSecret;
let vox: Voxanne;

beforeAll(async () => {
  server = await startTestServer();
  owner = browserLike();
  signup = await signUpVerified(owner.vox, { email: 'owner@smile.example', password: PASSWORD, name: 'Dr Smile', org_name: 'Smile Dental' });
  // A session write: only works because the SDK echoes the CSRF token it got from signup.
  adminKey = await owner.vox.apiKeys.create({ name: 'admin', scopes: ['admin'] });
  vox = new Voxanne({ baseUrl: server.url, apiKey: adminKey.secret });
});
afterAll(async () => {
  await server?.close();
});

describe('sign-up', () => {
  it('answers the same for a taken email and verifies a new one through the emailed token', async () => {
    const { vox: probe } = browserLike();
    const taken = await probe.auth.signup({ email: 'OWNER@smile.example', password: PASSWORD, name: 'X', org_name: 'Y' });
    expect(taken).toEqual({ object: 'signup', status: 'verification_sent', email: 'owner@smile.example', dev_mailbox: true });
    const { vox: fresh } = browserLike();
    const pending = await fresh.auth.signup({ email: 'new@smile.example', password: PASSWORD, name: 'Nia New', org_name: 'New Smile' });
    expect(pending).toEqual({ ...taken, email: 'new@smile.example' });
    const [mail] = (await fresh.auth.devEmails({ to: 'new@smile.example' })).data;
    const token = decodeURIComponent(mail!.text.match(/token=([^\s]+)/)![1]!);
    const result = await fresh.auth.verifySignup({ token });
    expect(result).toMatchObject({ user: { email: 'new@smile.example' }, org: { name: 'New Smile' } });
    // The CSRF token from verifySignup is remembered: a session write works.
    await expect(fresh.apiKeys.create({ name: 'k', scopes: ['read'] })).resolves.toMatchObject({ name: 'k' });
    const reused = await fresh.auth.verifySignup({ token }).catch((e: unknown) => e);
    expect(reused).toMatchObject({ status: 400, code: 'signup_token_invalid' });
  });
});

describe('orgs', () => {
  it('retrieves and updates the current org', async () => {
    expect(await vox.orgs.retrieve()).toMatchObject({ id: signup.org.id, object: 'org', kind: 'agency', parent_id: null });
    expect(await vox.orgs.update({ name: 'Smile Dental Group' })).toMatchObject({ id: signup.org.id, name: 'Smile Dental Group' });
  });

  it('creates and lists child orgs', async () => {
    const child = await vox.orgs.createChild({ name: 'Smile Dental Eastside' });
    expect(child).toMatchObject({ kind: 'clinic', parent_id: signup.org.id, name: 'Smile Dental Eastside' });
    const page = await vox.orgs.listChildren().firstPage();
    expect(page.data.map((o) => o.id)).toContain(child.id);
    expect(await vox.withOrg(child.id).orgs.retrieve()).toMatchObject({ id: child.id });
  });
});

describe('api keys', () => {
  it('creates, lists, retrieves and revokes; a revoked key stops working', async () => {
    const key = await vox.apiKeys.create({ name: 'reporting', scopes: ['read'], mode: 'test' });
    expect(key.secret).toMatch(/^vox_test_/);
    const listed: string[] = [];
    for await (const k of vox.apiKeys.list({ limit: 1 })) listed.push(k.id);
    expect(listed).toEqual(expect.arrayContaining([key.id, adminKey.id]));
    expect(await vox.apiKeys.retrieve(key.id)).toMatchObject({ id: key.id, name: 'reporting', revoked_at: null });
    expect(await vox.apiKeys.retrieve(key.id)).not.toHaveProperty('secret');

    const reader = new Voxanne({ baseUrl: server.url, apiKey: key.secret });
    await expect(reader.orgs.retrieve()).resolves.toMatchObject({ id: signup.org.id });
    await expect(reader.apiKeys.create({ name: 'nope', scopes: ['admin'] })).rejects.toBeInstanceOf(PermissionError);

    expect((await vox.apiKeys.revoke(key.id)).revoked_at).not.toBeNull();
    await expect(reader.orgs.retrieve()).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe('members and invites', () => {
  it('invites, lists and revokes an invite', async () => {
    const invite = await vox.invites.create({ email: 'front.desk@smile.example', role: 'member' });
    expect(invite.token.length).toBeGreaterThanOrEqual(10);
    const pending = await vox.invites.list().firstPage();
    expect(pending.data.map((i) => i.id)).toContain(invite.id);
    await expect(vox.invites.revoke(invite.id)).resolves.toBeUndefined();
    const after = await vox.invites.list().firstPage();
    expect(after.data.map((i) => i.id)).not.toContain(invite.id);
  });

  it('accepts an invite as a new user, then changes the role and removes the member', async () => {
    const invite = await vox.invites.create({ email: 'hygienist@smile.example', role: 'member' });
    const invitee = browserLike();
    const joined = await invitee.vox.invites.accept({ token: invite.token, name: 'Hy Gienist', password: PASSWORD });
    expect(joined.memberships.map((m) => m.org.id)).toContain(signup.org.id);
    // The invitee is signed in by the accept call, CSRF included.
    await expect(invitee.vox.auth.mfa.enroll()).resolves.toHaveProperty('otpauth_uri');

    const member = (await vox.members.list().firstPage()).data.find((m) => m.email === 'hygienist@smile.example')!;
    expect(member).toMatchObject({ role: 'member', user_id: joined.user.id });
    expect(await vox.members.update(member.id, { role: 'viewer' })).toMatchObject({ id: member.id, role: 'viewer' });
    await expect(vox.members.remove(member.id)).resolves.toBeUndefined();
    await expect(vox.members.remove(member.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets only an owner touch the owner role, and never demotes the last owner', async () => {
    const me = (await vox.members.list().firstPage()).data.find((m) => m.user_id === signup.user.id)!;
    // An admin-scoped key stands in for an admin, not an owner.
    const byKey = await vox.members.update(me.id, { role: 'admin' }).catch((e: unknown) => e);
    expect(byKey).toBeInstanceOf(PermissionError);
    expect(byKey).toMatchObject({ status: 403, code: 'forbidden' });
    const byOwner = await owner.vox.members.update(me.id, { role: 'admin' }).catch((e: unknown) => e);
    expect(byOwner).toBeInstanceOf(ConflictError);
    expect(byOwner).toMatchObject({ status: 409, code: 'last_owner' });
  });
});

describe('audit events', () => {
  it('lists events filtered by action prefix', async () => {
    const actions: string[] = [];
    for await (const e of vox.auditEvents.list({ action: 'api_key.', limit: 2 })) actions.push(e.action);
    expect(actions).toContain('api_key.created');
    expect(actions).toContain('api_key.revoked');
    expect(actions.every((a) => a.startsWith('api_key.'))).toBe(true);
  });
});

describe('auth: sessions and MFA', () => {
  it('reads me, lists and revokes sessions', async () => {
    const me = await owner.vox.auth.me();
    expect(me).toMatchObject({ user: { id: signup.user.id }, session: { current: true } });

    const laptop = browserLike();
    await laptop.vox.auth.login({ email: 'owner@smile.example', password: PASSWORD });
    const sessions: string[] = [];
    for await (const s of owner.vox.auth.sessions.list({ limit: 1 })) sessions.push(s.id);
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    const laptopSession = (await laptop.vox.auth.me()).session.id;
    await expect(owner.vox.auth.sessions.revoke(laptopSession)).resolves.toBeUndefined();
    await expect(laptop.vox.auth.me()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('refuses a cookie write with a wrong CSRF token', async () => {
    const forged = new Voxanne({ baseUrl: server.url, fetch: owner.jar.fetch, csrfToken: 'not-the-token' });
    const err = await forged.apiKeys.create({ name: 'x', scopes: ['read'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionError);
    expect(err).toMatchObject({ code: 'csrf_failed' });
  });

  it('enrolls, signs in with a second factor and disables MFA', async () => {
    const { vox: user } = browserLike();
    await signUpVerified(user, { email: 'mfa@clinic.example', password: PASSWORD, name: 'Mo Fa', org_name: 'MFA Clinic' });
    const { secret } = await user.auth.mfa.enroll();
    const { recovery_codes } = await user.auth.mfa.verify({ code: totp(secret) });
    expect(recovery_codes).toHaveLength(10);
    await expect(user.auth.logout()).resolves.toBeUndefined();
    await expect(user.auth.me()).rejects.toBeInstanceOf(AuthenticationError);

    const again = browserLike();
    const err = await again.vox.auth.login({ email: 'mfa@clinic.example', password: PASSWORD }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ code: 'mfa_required' });
    // A recovery code here, and the next TOTP step below, so no code is ever used twice.
    const signedIn = await again.vox.auth.login({ email: 'mfa@clinic.example', password: PASSWORD, recovery_code: recovery_codes[0]! });
    expect(signedIn.user.mfa_enabled).toBe(true);
    await expect(again.vox.auth.mfa.disable({ code: totp(secret, 1) })).resolves.toBeUndefined();
    expect((await again.vox.auth.me()).user.mfa_enabled).toBe(false);
  });
});
