/**
 * Issue #10 item 11: sign-up does not tell whether an email has an account (decision 0015). The answer is
 * the same either way; the account is created only by the emailed single-use token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, PASSWORD, sessionFrom, signupToken, startTestServer, uniqueEmail, type TestServer } from '../support/index.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const body = (email: string, org = 'Pending Clinic') => ({ email, password: PASSWORD, name: 'Pat Owner', org_name: org });
const start = (email: string, org?: string) => call(server.url, 'POST', '/v1/signup', { body: body(email, org) });
const verify = (token: string) => call(server.url, 'POST', '/v1/signup/verify', { body: { token } });

async function count(sql: string, params: string[]): Promise<number> {
  const owner = await server.platform.db.owner();
  const { rows } = await owner.raw(sql, params);
  return Number(rows[0].n);
}
const accounts = (email: string) => count(`select count(*) as n from users where lower(email) = lower(?)`, [email]);
const pending = (email: string) => count(`select count(*) as n from pending_signups where email = lower(?)`, [email]);
const orgsNamed = (name: string) => count(`select count(*) as n from orgs where name = ?`, [name]);
const mails = async (email: string) => (await call(server.url, 'GET', `/v1/dev/emails?to=${encodeURIComponent(email)}`)).body.data as { subject: string; text: string }[];

describe('POST /v1/signup answers the same whether or not the email has an account', () => {
  it('new and existing emails get the same status and body shape', async () => {
    const existing = await createTenant(server.url, 'Existing');
    const fresh = uniqueEmail('fresh');
    const a = await start(fresh);
    const b = await start(existing.email.toUpperCase(), 'Probe Org');
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(Object.keys(a.body).sort()).toEqual(Object.keys(b.body).sort());
    expect(a.body).toEqual({ object: 'signup', status: 'verification_sent', email: fresh, dev_mailbox: true });
    expect(b.body).toEqual({ object: 'signup', status: 'verification_sent', email: existing.email, dev_mailbox: true });
    expect(a.headers.get('set-cookie')).toBeNull();
    expect(b.headers.get('set-cookie')).toBeNull();
  });

  it('an existing email creates nothing and is mailed a notice, not a link', async () => {
    const existing = await createTenant(server.url, 'Noticed');
    const before = await mails(existing.email);
    const res = await start(existing.email, 'Should Not Exist Org');
    expect(res.status).toBe(202);
    expect(await accounts(existing.email)).toBe(1);
    expect(await pending(existing.email)).toBe(0);
    expect(await orgsNamed('Should Not Exist Org')).toBe(0);
    const after = await mails(existing.email);
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]!.subject).toMatch(/tried to sign up/);
    expect(after[0]!.text).not.toMatch(/signup\/verify/);
    expect(after[0]!.text).toContain('/signin');
  });

  it('a new email stores one pending sign-up with only a hash of the token, and no account yet', async () => {
    const email = uniqueEmail('pending');
    await start(email);
    expect(await pending(email)).toBe(1);
    expect(await accounts(email)).toBe(0);
    const token = await signupToken(server.url, email);
    const owner = await server.platform.db.owner();
    const { rows } = await owner.raw(`select token_hash, password_hash, expires_at from pending_signups where email = ?`, [email]);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(token);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    const hours = (new Date(rows[0].expires_at).getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it('signing up again replaces the pending sign-up: the old link stops working, the new one works', async () => {
    const email = uniqueEmail('again');
    await start(email, 'First Name Org');
    const first = await signupToken(server.url, email);
    const again = await start(email, 'Second Name Org');
    expect(again.status).toBe(202);
    expect(await pending(email)).toBe(1);
    const second = await signupToken(server.url, email);
    expect(second).not.toBe(first);
    expect((await verify(first)).body.code).toBe('signup_token_invalid');
    const ok = await verify(second);
    expect(ok.status).toBe(201);
    expect(ok.body.org.name).toBe('Second Name Org');
  });

  it('is throttled per email', async () => {
    const email = uniqueEmail('throttle');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await start(email)).status);
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    const last = await start(email);
    expect(last.status).toBe(429);
    expect(last.body.code).toBe('signup_throttled');
  });
});

describe('POST /v1/signup/verify', () => {
  it('creates the org, owner and session once, with the audit entry and org.created event', async () => {
    const email = uniqueEmail('verify');
    await start(email, 'Verified Clinic');
    const token = await signupToken(server.url, email);
    const res = await verify(token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ user: { email }, org: { name: 'Verified Clinic' }, mfa_enrollment_required: false });
    const session = sessionFrom(res);
    const me = await call(server.url, 'GET', '/v1/me', { creds: session });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);
    expect(await pending(email)).toBe(0);
    const orgId = res.body.org.id as string;
    expect(await count(`select count(*) as n from audit_events where org_id = ? and action = 'auth.signup'`, [orgId])).toBe(1);
    expect(await count(`select count(*) as n from outbox_events where org_id = ? and type = 'org.created'`, [orgId])).toBe(1);

    const reused = await verify(token);
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('signup_token_invalid');
    expect(reused.contentType).toContain('application/problem+json');
    expect(await accounts(email)).toBe(1);
  });

  it('an expired token is 410 signup_token_expired and creates nothing', async () => {
    const email = uniqueEmail('expired');
    await start(email, 'Expired Clinic');
    const token = await signupToken(server.url, email);
    const owner = await server.platform.db.owner();
    await owner.raw(`update pending_signups set expires_at = now() - interval '1 minute' where email = ?`, [email]);
    const res = await verify(token);
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('signup_token_expired');
    expect(await accounts(email)).toBe(0);
    expect(await orgsNamed('Expired Clinic')).toBe(0);
  });

  it('a garbage token is 400 signup_token_invalid', async () => {
    const res = await verify('not-a-real-token');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('signup_token_invalid');
  });

  it('when the email got an account meanwhile, the token is invalid and nothing is written', async () => {
    const email = uniqueEmail('race');
    await start(email, 'Race Loser Org');
    const token = await signupToken(server.url, email);
    // The address gets an account between the email and the click (e.g. accepting an invite): written
    // directly as the owner so the race does not depend on timing.
    const owner = await server.platform.db.owner();
    await owner.raw(`insert into users (id, email, name, password_hash) values (?, ?, 'Someone', 'x')`, [`user_race${Date.now()}`, email]);
    const res = await verify(token);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('signup_token_invalid');
    expect(await accounts(email)).toBe(1);
    expect(await orgsNamed('Race Loser Org')).toBe(0);
  });
});

describe('GET /v1/dev/emails', () => {
  it('lists the local outbox newest first, filtered by recipient', async () => {
    const email = uniqueEmail('mailbox');
    await start(email);
    const res = await call(server.url, 'GET', `/v1/dev/emails?to=${encodeURIComponent(email.toUpperCase())}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({ to: email, subject: expect.stringMatching(/Verify your email/) });
  });

  it('is 404 in production', async () => {
    const prod = await startTestServer({ env: { NODE_ENV: 'production', VOICE_WEBHOOK_SECRET: 'a-production-webhook-secret' } });
    try {
      const res = await call(prod.url, 'GET', '/v1/dev/emails');
      expect(res.status).toBe(404);
      const started = await call(prod.url, 'POST', '/v1/signup', { body: body(uniqueEmail('prod')) });
      expect(started.status).toBe(202);
      expect(started.body.dev_mailbox).toBe(false);
      expect(prod.logs.join('')).toContain('EMAIL_CONNECTOR is local');
    } finally {
      await prod.close();
    }
  });
});
