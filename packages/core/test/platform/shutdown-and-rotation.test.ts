import { describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { call, createTenant, nextTotp, startTestServer, PASSWORD, uniqueEmail } from '../support/index.ts';
import { createTestDatabase } from '../support/database.ts';
import { generateKeySpec } from '../../src/platform/crypto/index.ts';

describe('graceful shutdown', () => {
  it('finishes an in-flight request, then refuses new connections', async () => {
    const server = await startTestServer();
    // Sign-up hashes a password (tens of ms), so it is still in flight when stop() begins.
    const arrived = new Promise((resolve) => server.server.once('request', resolve));
    const inflight = call(server.url, 'POST', '/v1/signup', { body: { email: uniqueEmail('late'), password: PASSWORD, name: 'Late', org_name: 'Late Clinic' } });
    await arrived;
    const stopped = server.close();
    const res = await inflight;
    await stopped;
    expect(res.status).toBe(202);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

describe('keyring rotation', () => {
  it('keeps old ciphertexts readable and re-encrypts them under the new key with a job', async () => {
    const database = await createTestDatabase();
    const oldKey = generateKeySpec('old');
    const first = await startTestServer({ database, env: { VOXANNE_ENCRYPTION_KEYS: oldKey } });
    const t = await createTenant(first.url, 'Rotate');
    const enroll = await call(first.url, 'POST', '/v1/auth/mfa/enroll', { creds: t.session });
    const secret: string = enroll.body.secret;
    await call(first.url, 'POST', '/v1/auth/mfa/verify', { body: { code: await generate({ secret }) }, creds: t.session });
    // A stored idempotent response holds a new key's secret: it must move to the new key too (issue #10 item 14).
    const idem = { 'idempotency-key': `rotate-${Date.now()}` };
    const keyBody = { name: 'rotated', scopes: ['read'] };
    const minted = await call(first.url, 'POST', '/v1/api-keys', { body: keyBody, headers: idem, creds: { apiKey: t.adminKey } });
    expect(minted.status).toBe(201);
    await first.close();

    // The new key goes first; the old one stays so existing values remain readable.
    const second = await startTestServer({ database, env: { VOXANNE_ENCRYPTION_KEYS: `${generateKeySpec('new')},${oldKey}` } });
    try {
      const owner = await second.platform.db.owner();
      const read = async () => (await owner.raw('select mfa_secret_enc from users where id = ?', [t.userId])).rows[0].mfa_secret_enc as string;
      const deadline = Date.now() + 30_000;
      while (!(await read()).startsWith('v1.new.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await read()).toMatch(/^v1\.new\./);
      const stored = async () =>
        (await owner.raw('select response_body_enc from idempotency_keys where org_id = ? and key = ?', [t.orgId, idem['idempotency-key']])).rows[0].response_body_enc as string;
      while (!(await stored()).startsWith('v1.new.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await stored()).toMatch(/^v1\.new\./);
      const replay = await call(second.url, 'POST', '/v1/api-keys', { body: keyBody, headers: idem, creds: { apiKey: t.adminKey } });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.secret).toBe(minted.body.secret);
      const login = await call(second.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: PASSWORD, mfa_code: await nextTotp(secret) } });
      expect(login.status).toBe(200);
    } finally {
      await second.close();
      await database.drop();
    }
  });
});
