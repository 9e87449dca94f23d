import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, PASSWORD, uniqueEmail, type Credentials, type TestServer, type Tenant } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { loadCallSettings } from '../../src/modules/call-settings/settings.ts';

let server: TestServer;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  base = server.url;
});

afterAll(async () => {
  await server?.close();
});

async function sessionWithRole(t: Tenant, role: 'viewer' | 'member'): Promise<Credentials> {
  const invite = await call(base, 'POST', '/v1/invites', { body: { email: uniqueEmail(role), role }, creds: { apiKey: t.adminKey } });
  const joined = await call(base, 'POST', '/v1/invites/accept', { body: { token: invite.body.token, name: role, password: PASSWORD } });
  return { cookie: joined.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: joined.body.csrf_token };
}

const load = (t: Tenant) => inScope(server.platform.knex, { orgId: t.orgId }, (tx) => loadCallSettings(tx, t.orgId));
const patch = (t: Tenant, body: unknown, creds: Credentials = { apiKey: t.adminKey }) => call(base, 'PATCH', '/v1/call-settings', { body, creds });

const DEFAULTS = { object: 'call_settings', keep_original_transcripts: false, outbound_concurrency: 2, quiet_hours: { start: '20:00', end: '09:00' }, updated_at: null };

describe('call settings', () => {
  it('answers the defaults until changed, over the API and to loadCallSettings', async () => {
    const t = await createTenant(base, 'Defaults');
    const got = await call(base, 'GET', '/v1/call-settings', { creds: { apiKey: t.adminKey } });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(DEFAULTS);
    expect(await load(t)).toEqual({ keepOriginalTranscripts: false, outboundConcurrency: 2, quietHours: { start: '20:00', end: '09:00' } });
    // Reading writes nothing.
    const rows = await inScope(server.platform.knex, { orgId: t.orgId }, (tx) => tx('call_settings').count('* as n'));
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('patches only what is sent, keeps earlier changes, and audits each change', async () => {
    const t = await createTenant(base, 'Patches');
    const first = await patch(t, { outbound_concurrency: 5 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ...DEFAULTS, outbound_concurrency: 5, updated_at: expect.any(String) });

    const second = await patch(t, { quiet_hours: { start: '21:30', end: '08:15' }, keep_original_transcripts: true });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ keep_original_transcripts: true, outbound_concurrency: 5, quiet_hours: { start: '21:30', end: '08:15' } });
    expect(new Date(second.body.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(first.body.updated_at).getTime());

    expect((await call(base, 'GET', '/v1/call-settings', { creds: { apiKey: t.adminKey } })).body).toEqual(second.body);
    expect(await load(t)).toEqual({ keepOriginalTranscripts: true, outboundConcurrency: 5, quietHours: { start: '21:30', end: '08:15' } });

    const audit = await call(base, 'GET', '/v1/audit-events?action=call_settings.updated', { creds: { apiKey: t.adminKey } });
    expect(audit.body.data.map((e: { metadata: unknown }) => e.metadata)).toEqual([
      { changes: { quiet_hours: { start: '21:30', end: '08:15' }, keep_original_transcripts: true } },
      { changes: { outbound_concurrency: 5 } },
    ]);
    expect(audit.body.data.every((e: { target_type: string; target_id: string }) => e.target_type === 'call_settings' && e.target_id === t.orgId)).toBe(true);
  });

  it("one org's settings never show in another's", async () => {
    const a = await createTenant(base, 'Org A');
    const b = await createTenant(base, 'Org B');
    expect((await patch(a, { outbound_concurrency: 9 })).status).toBe(200);
    expect((await call(base, 'GET', '/v1/call-settings', { creds: { apiKey: b.adminKey } })).body).toEqual(DEFAULTS);
    expect((await load(b)).outboundConcurrency).toBe(2);
    expect((await load(a)).outboundConcurrency).toBe(9);
  });

  it('lets viewers read and only admins change them (403)', async () => {
    const t = await createTenant(base, 'Roles');
    const viewer = await sessionWithRole(t, 'viewer');
    const member = await sessionWithRole(t, 'member');
    expect((await call(base, 'GET', '/v1/call-settings', { creds: viewer })).status).toBe(200);
    for (const creds of [viewer, member]) {
      const res = await patch(t, { keep_original_transcripts: true }, creds);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    const writeKey = (await call(base, 'POST', '/v1/api-keys', { body: { name: 'w', scopes: ['write'] }, creds: { apiKey: t.adminKey } })).body.secret;
    expect((await call(base, 'GET', '/v1/call-settings', { creds: { apiKey: writeKey } })).status).toBe(200);
    expect((await load(t)).keepOriginalTranscripts).toBe(false);
  });

  it('refuses bad values with 400 problems and changes nothing', async () => {
    const t = await createTenant(base, 'Refusals');
    for (const body of [
      {},
      { outbound_concurrency: 0 },
      { outbound_concurrency: 51 },
      { quiet_hours: { start: '24:00', end: '09:00' } },
      { quiet_hours: { start: '20:00' } },
      { keep_original_transcripts: 'yes' },
      { unknown_setting: 1 },
    ]) {
      const res = await patch(t, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const same = await patch(t, { quiet_hours: { start: '20:00', end: '20:00' }, outbound_concurrency: 7 });
    expect(same.status).toBe(400);
    expect(same.body.code).toBe('invalid_quiet_hours');
    expect((await call(base, 'GET', '/v1/call-settings', { creds: { apiKey: t.adminKey } })).body).toEqual(DEFAULTS);
  });
});
