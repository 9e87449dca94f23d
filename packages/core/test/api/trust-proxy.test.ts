import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, PASSWORD, startTestServer, type TestServer } from '../support/index.ts';

// Issue #10 item 5. The test plays the one proxy in front (TRUST_PROXY=1): it connects from 127.0.0.1 and
// appends the client it "saw" to whatever X-Forwarded-For the client sent, as a load balancer does.
const REAL_CLIENT = '203.0.113.7';
const viaProxy = (spoofed: string) => ({ 'x-forwarded-for': `${spoofed}, ${REAL_CLIENT}` });

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { TRUST_PROXY: '1', RATE_LIMIT_PER_IP: '8' } });
});
afterAll(async () => {
  await server?.close();
});

describe('TRUST_PROXY=1 behind one proxy', () => {
  it('records the real client, not the spoofed X-Forwarded-For entry, in the audit log', async () => {
    const t = await createTenant(server.url, 'Proxy Clinic');
    const login = await call(server.url, 'POST', '/v1/auth/login', { body: { email: t.email, password: PASSWORD }, headers: viaProxy('1.2.3.4') });
    expect(login.status).toBe(200);
    const events = await call(server.url, 'GET', '/v1/audit-events?action=auth.login', { creds: { apiKey: t.adminKey } });
    expect(events.status).toBe(200);
    expect(events.body.data.length).toBeGreaterThan(0);
    expect(events.body.data[0].ip).toBe(REAL_CLIENT);
  });

  it('counts a spoofing client under its real IP, so a new fake address does not reset its limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(server.url, 'GET', '/v1/me', { headers: viaProxy(`198.51.100.${i + 1}`) })).status);
    // Unauthenticated, so 401 while the per-IP budget lasts; then the real client is refused as one client.
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });
});
