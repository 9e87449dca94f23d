/**
 * Issue #10 items 4 and 10: the sign-in throttle is charged before the password is checked (so a burst of
 * parallel guesses cannot get more evaluations than the limit allows), and a recovery code is spent by a
 * conditional update (so two parallel sign-ins cannot both use it).
 *
 * Only an evaluated password can answer `401 invalid_credentials` (and write `auth.login_failed`), so the
 * number of 401s counts the argon2 evaluations from the outside.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { call, createTenant, startTestServer, uniqueEmail, PASSWORD, type TestServer } from '../support/index.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const login = (base: string, body: Record<string, unknown>) => call(base, 'POST', '/v1/auth/login', { body });
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe('recovery codes', () => {
  it('two parallel sign-ins with the same recovery code: exactly one succeeds', async () => {
    const t = await createTenant(server.url, 'Recovery Race');
    const enroll = await call(server.url, 'POST', '/v1/auth/mfa/enroll', { creds: t.session });
    const verify = await call(server.url, 'POST', '/v1/auth/mfa/verify', { body: { code: await generate({ secret: enroll.body.secret }) }, creds: t.session });
    const code: string = verify.body.recovery_codes[0];
    const results = await Promise.all([0, 1].map(() => login(server.url, { email: t.email, password: PASSWORD, recovery_code: code })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(results.find((r) => r.status === 401)!.body.code).toBe('invalid_mfa_code');
    // Spent: a third try fails, and exactly nine codes remain usable.
    expect((await login(server.url, { email: t.email, password: PASSWORD, recovery_code: code })).status).toBe(401);
    const owner = await server.platform.db.owner();
    const { rows } = await owner.raw('select cardinality(mfa_recovery_hashes) as n from users where id = ?', [t.userId]);
    expect(Number(rows[0].n)).toBe(9);
  });
});

describe('the sign-in throttle is charged before the password check', () => {
  it('30 parallel wrong passwords on one account: at most 5 are evaluated, the rest are 429 without a check', async () => {
    const t = await createTenant(server.url, 'Burst');
    const results = await Promise.all(Array.from({ length: 30 }, () => login(server.url, { email: t.email, password: 'wrong password!!' })));
    const counts = tally(results.map((r) => r.status));
    expect(counts).toEqual({ 401: 5, 429: 25 });
    for (const r of results.filter((x) => x.status === 429)) {
      expect(r.body.code).toBe('login_throttled');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const audit = await call(server.url, 'GET', '/v1/audit-events?action=auth.login_failed&limit=100', { creds: { apiKey: t.adminKey } });
    expect(audit.body.data).toHaveLength(5);
    // The right password waits out the window too.
    expect((await login(server.url, { email: t.email, password: PASSWORD })).status).toBe(429);
  });

  it('an unknown email is charged the same way', async () => {
    const ghost = uniqueEmail('ghost');
    const results = await Promise.all(Array.from({ length: 30 }, () => login(server.url, { email: ghost, password: 'whatever password' })));
    expect(tally(results.map((r) => r.status))).toEqual({ 401: 5, 429: 25 });
    for (const r of results.filter((x) => x.status === 401)) expect(r.body.code).toBe('invalid_credentials');
  });

  it('per IP as well: 60 parallel guesses at 60 different accounts from one address get at most 50 evaluations', async () => {
    // A server of its own: the IP window is shared by every sign-in from 127.0.0.1.
    const fresh = await startTestServer();
    try {
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => login(fresh.url, { email: uniqueEmail(`spray${i}`), password: 'whatever password' })));
      expect(tally(results.map((r) => r.status))).toEqual({ 401: 50, 429: 10 });
    } finally {
      await fresh.close();
    }
  });

  it('successful sign-ins do not use up the window', async () => {
    const t = await createTenant(server.url, 'Regular');
    for (let i = 0; i < 8; i++) expect((await login(server.url, { email: t.email, password: PASSWORD })).status).toBe(200);
    expect((await login(server.url, { email: t.email, password: 'wrong password!!' })).status).toBe(401);
  });
});
