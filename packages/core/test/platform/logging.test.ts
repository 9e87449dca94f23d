import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { call, createTenant, startTestServer, PASSWORD, type TestServer } from '../support/index.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: 'trace' } });
});
afterAll(async () => {
  await server?.close();
});

describe('logs', () => {
  it('carry request ids but never secrets, passwords, tokens or personal data', async () => {
    const t = await createTenant(server.url, 'Logging');
    const key = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'x', scopes: ['read'] }, creds: { apiKey: t.adminKey } });
    const enroll = await call(server.url, 'POST', '/v1/auth/mfa/enroll', { creds: t.session });
    const verify = await call(server.url, 'POST', '/v1/auth/mfa/verify', { body: { code: await generate({ secret: enroll.body.secret }) }, creds: t.session });
    await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: 'a wrong password' } });
    await call(server.url, 'GET', `/v1/org?unused=${encodeURIComponent(t.email)}`, { creds: { apiKey: t.adminKey } });
    const invite = await call(server.url, 'POST', '/v1/invites', { body: { email: 'patient.like@person.example', role: 'member' }, creds: { apiKey: t.adminKey } });

    const text = server.logs.join('');
    expect(text).toContain('request completed');
    expect(text).toContain(key.headers.get('x-request-id')!);
    const forbidden = [
      PASSWORD,
      'a wrong password',
      t.adminKey,
      key.body.secret,
      enroll.body.secret,
      verify.body.recovery_codes[0],
      invite.body.token,
      t.email,
      'patient.like@person.example',
      t.session.csrf!,
      t.session.cookie!.split('=')[1]!.split(';')[0]!,
    ];
    for (const secret of forbidden) expect(text, `log contains ${secret.slice(0, 6)}…`).not.toContain(secret);
  });
});
