/**
 * Issue #10 items 2 and 3: access removed is removed everywhere (keys, sessions, pending invites) in the
 * transaction that removes it; a lowered role narrows the keys its holder made; keys expire (explicitly or by
 * the org's default); a key never mints more than it holds; and unredacted transcripts need the admin role
 * or a `phi`/`admin` key, with every read audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, sessionFrom, startTestServer, uniqueEmail, PASSWORD, type Credentials, type Tenant, type TestServer } from '../support/index.ts';
import { callByRef, callRef, deliver, drained, report, vapiBody } from '../calls/voice-inbox.support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_KEY: '100000' } });
});
afterAll(async () => {
  await server?.close();
});

type Role = 'owner' | 'admin' | 'member' | 'viewer';

interface Person {
  memberId: string;
  userId: string;
  email: string;
  session: Credentials;
}

/** Invites someone into `t` with `role` and accepts as a new user. */
async function join(t: Tenant, role: Role): Promise<Person> {
  const email = uniqueEmail(role);
  const invite = await call(server.url, 'POST', '/v1/invites', { body: { email, role }, creds: t.session });
  expect(invite.status).toBe(201);
  const joined = await call(server.url, 'POST', '/v1/invites/accept', { body: { token: invite.body.token, name: `A ${role}`, password: PASSWORD } });
  expect(joined.status).toBe(200);
  const members = await call(server.url, 'GET', '/v1/members?limit=100', { creds: t.session });
  const m = members.body.data.find((x: { email: string }) => x.email === email);
  return { memberId: m.id, userId: m.user_id, email, session: sessionFrom(joined) };
}

async function mintKey(creds: Credentials, scopes: string[], extra: Record<string, unknown> = {}) {
  return call(server.url, 'POST', '/v1/api-keys', { body: { name: `k-${scopes.join('-')}`, scopes, ...extra }, creds });
}

async function newKey(creds: Credentials, scopes: string[], extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
  const res = await mintKey(creds, scopes, extra);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const getOrg = (creds: Credentials) => call(server.url, 'GET', '/v1/org', { creds });
const keyInfo = async (t: Tenant, id: string, org?: string) =>
  (await call(server.url, 'GET', `/v1/api-keys/${id}`, { creds: { apiKey: t.adminKey, ...(org ? { org } : {}) } })).body;

describe('removing a member', () => {
  it('revokes their keys (and keys their keys made, in child orgs too), their pending invites and their sessions at once', async () => {
    const t = await createTenant(server.url, 'Removal Agency');
    const child = await call(server.url, 'POST', '/v1/orgs', { body: { name: 'Removal Clinic' }, creds: { apiKey: t.adminKey } });
    const admin = await join(t, 'admin');
    const own = await newKey(admin.session, ['admin']);
    const minted = await newKey({ apiKey: own.secret }, ['write']);
    const inChild = await newKey({ ...admin.session, org: child.body.id }, ['read']);
    const invitedBySession = await call(server.url, 'POST', '/v1/invites', { body: { email: uniqueEmail('pending'), role: 'member' }, creds: admin.session });
    const invitedByKey = await call(server.url, 'POST', '/v1/invites', { body: { email: uniqueEmail('pending'), role: 'viewer' }, creds: { apiKey: own.secret } });
    const ownerInvite = await call(server.url, 'POST', '/v1/invites', { body: { email: uniqueEmail('kept'), role: 'viewer' }, creds: t.session });
    for (const k of [own, minted]) expect((await getOrg({ apiKey: k.secret })).status).toBe(200);
    expect((await getOrg({ apiKey: inChild.secret })).body.id).toBe(child.body.id);

    expect((await call(server.url, 'DELETE', `/v1/members/${admin.memberId}`, { creds: t.session })).status).toBe(204);

    for (const k of [own, minted, inChild]) {
      const res = await getOrg({ apiKey: k.secret });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('api_key_revoked');
    }
    expect((await keyInfo(t, own.id)).revoked_at).not.toBeNull();
    expect((await keyInfo(t, inChild.id, child.body.id)).revoked_at).not.toBeNull();
    // Their only org is gone, so their sessions are over too.
    const me = await call(server.url, 'GET', '/v1/me', { creds: admin.session });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('session_invalid');
    // Pending invites they sent (by session or by key) can no longer be accepted; the owner's still can.
    const pending = (await call(server.url, 'GET', '/v1/invites', { creds: t.session })).body.data.map((i: { id: string }) => i.id);
    expect(pending).not.toContain(invitedBySession.body.id);
    expect(pending).not.toContain(invitedByKey.body.id);
    expect(pending).toContain(ownerInvite.body.id);
    const accept = await call(server.url, 'POST', '/v1/invites/accept', { body: { token: invitedByKey.body.token, name: 'Late', password: PASSWORD } });
    expect(accept.status).toBe(404);
    // The org's other credentials are untouched.
    expect((await getOrg({ apiKey: t.adminKey })).status).toBe(200);

    const audit = await call(server.url, 'GET', '/v1/audit-events?action=member.removed', { creds: t.session });
    expect(audit.body.data[0].metadata).toMatchObject({ user_id: admin.userId, revoked_api_keys: 3, revoked_invites: 2, revoked_sessions: 1 });
    const childAudit = await call(server.url, 'GET', '/v1/audit-events?action=api_key.revoked', { creds: { apiKey: t.adminKey, org: child.body.id } });
    expect(childAudit.body.data.map((e: { target_id: string }) => e.target_id)).toEqual([inChild.id]);
  });

  it('keeps the sessions of someone who still belongs to another org, but not their access to this one', async () => {
    const t = await createTenant(server.url, 'Two Orgs A');
    const other = await createTenant(server.url, 'Two Orgs B');
    const invite = await call(server.url, 'POST', '/v1/invites', { body: { email: other.email, role: 'admin' }, creds: t.session });
    expect((await call(server.url, 'POST', '/v1/invites/accept', { body: { token: invite.body.token }, creds: other.session })).status).toBe(200);
    const key = await newKey({ ...other.session, org: t.orgId }, ['admin']);
    const members = await call(server.url, 'GET', '/v1/members', { creds: t.session });
    const memberId = members.body.data.find((m: { email: string }) => m.email === other.email).id;

    expect((await call(server.url, 'DELETE', `/v1/members/${memberId}`, { creds: t.session })).status).toBe(204);
    expect((await getOrg({ apiKey: key.secret })).status).toBe(401);
    expect((await getOrg({ ...other.session, org: t.orgId })).status).toBe(404);
    expect((await getOrg(other.session)).body.id).toBe(other.orgId);
  });

  it('no key minted while the member is being removed survives the removal', async () => {
    const t = await createTenant(server.url, 'Removal Race');
    const admin = await join(t, 'admin');
    const own = await newKey(admin.session, ['admin']);
    const mints = Array.from({ length: 12 }, () => mintKey({ apiKey: own.secret }, ['admin']));
    const removal = call(server.url, 'DELETE', `/v1/members/${admin.memberId}`, { creds: t.session });
    const results = await Promise.all(mints);
    expect((await removal).status).toBe(204);
    const made = results.filter((r) => r.status === 201);
    for (const r of results) expect([201, 401]).toContain(r.status);
    for (const k of made) expect((await getOrg({ apiKey: k.body.secret })).status).toBe(401);
  });
});

describe('lowering a role', () => {
  it("narrows the member's keys at once, ends their admin rights and revokes invites they can no longer send", async () => {
    const t = await createTenant(server.url, 'Lowering');
    const admin = await join(t, 'admin');
    const adminKey = await newKey(admin.session, ['admin']);
    const phiKey = await newKey(admin.session, ['read', 'phi']);
    const writeKey = await newKey(admin.session, ['write']);
    const invite = await call(server.url, 'POST', '/v1/invites', { body: { email: uniqueEmail('pending'), role: 'member' }, creds: admin.session });

    const lowered = await call(server.url, 'PATCH', `/v1/members/${admin.memberId}`, { body: { role: 'member' }, creds: t.session });
    expect(lowered.status).toBe(200);

    const mint = await mintKey({ apiKey: adminKey.secret }, ['admin']);
    expect(mint.status).toBe(403);
    expect(mint.body.code).toBe('insufficient_scope');
    expect((await call(server.url, 'GET', '/v1/api-keys', { creds: { apiKey: adminKey.secret } })).status).toBe(403);
    expect((await call(server.url, 'PATCH', '/v1/org', { body: { name: 'Taken over' }, creds: { apiKey: adminKey.secret } })).status).toBe(403);
    // Still a working key, at what a member may do.
    expect((await getOrg({ apiKey: adminKey.secret })).status).toBe(200);
    expect((await keyInfo(t, adminKey.id)).scopes).toEqual(['write']);
    expect((await keyInfo(t, phiKey.id)).scopes).toEqual(['read']);
    expect((await keyInfo(t, writeKey.id)).scopes).toEqual(['write']);
    // Their session lost its admin rights on the same request.
    const bySession = await mintKey(admin.session, ['read']);
    expect(bySession.status).toBe(403);
    const pending = (await call(server.url, 'GET', '/v1/invites', { creds: t.session })).body.data.map((i: { id: string }) => i.id);
    expect(pending).not.toContain(invite.body.id);

    await call(server.url, 'PATCH', `/v1/members/${admin.memberId}`, { body: { role: 'viewer' }, creds: t.session });
    expect((await keyInfo(t, adminKey.id)).scopes).toEqual(['read']);
    expect((await keyInfo(t, writeKey.id)).scopes).toEqual(['read']);
    const write = await call(server.url, 'POST', '/v1/locations', { body: { name: 'Nope', timezone: 'UTC' }, creds: { apiKey: writeKey.secret } });
    expect(write.status).toBe(403);

    const audit = await call(server.url, 'GET', '/v1/audit-events?action=api_key.narrowed', { creds: t.session });
    expect(audit.body.data.length).toBeGreaterThanOrEqual(4);
    expect(audit.body.data.at(-1).metadata).toMatchObject({ reason: 'member.role_changed' });
  });
});

describe('API key expiry', () => {
  it('applies the org default when expires_at is omitted, and refuses an expired key on its next request', async () => {
    const t = await createTenant(server.url, 'Expiry');
    expect((await getOrg({ apiKey: t.adminKey })).body.api_key_default_ttl_days).toBeNull();
    const invalid = await call(server.url, 'PATCH', '/v1/org', { body: { api_key_default_ttl_days: 0 }, creds: t.session });
    expect(invalid.status).toBe(400);
    const set = await call(server.url, 'PATCH', '/v1/org', { body: { api_key_default_ttl_days: 30 }, creds: t.session });
    expect(set.status).toBe(200);
    expect(set.body.api_key_default_ttl_days).toBe(30);

    const before = Date.now();
    const defaulted = await newKey({ apiKey: t.adminKey }, ['read']);
    const expiresMs = new Date((defaulted as unknown as { expires_at: string }).expires_at).getTime();
    expect(expiresMs).toBeGreaterThanOrEqual(before + 30 * 86_400_000 - 1000);
    expect(expiresMs).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000 + 1000);
    const explicitAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const explicit = await newKey({ apiKey: t.adminKey }, ['read'], { expires_at: explicitAt });
    expect(new Date((explicit as unknown as { expires_at: string }).expires_at).toISOString()).toBe(explicitAt);

    const cleared = await call(server.url, 'PATCH', '/v1/org', { body: { api_key_default_ttl_days: null }, creds: t.session });
    expect(cleared.body.api_key_default_ttl_days).toBeNull();
    expect(((await newKey({ apiKey: t.adminKey }, ['read'])) as unknown as { expires_at: string | null }).expires_at).toBeNull();

    expect((await getOrg({ apiKey: defaulted.secret })).status).toBe(200);
    const owner = await server.platform.db.owner();
    await owner.raw(`update api_keys set expires_at = now() - interval '1 second' where id = ?`, [defaulted.id]);
    const expired = await getOrg({ apiKey: defaulted.secret });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('api_key_expired');
  });

  it('a key never mints a key with more scope, or a longer life, than its own', async () => {
    const t = await createTenant(server.url, 'Minting');
    const soonMs = Date.now() + 86_400_000;
    const shortLived = await newKey({ apiKey: t.adminKey }, ['admin'], { expires_at: new Date(soonMs).toISOString() });
    const inherits = await mintKey({ apiKey: shortLived.secret }, ['read']);
    expect(inherits.status).toBe(201);
    expect(new Date(inherits.body.expires_at).getTime()).toBe(new Date(soonMs).getTime());
    const outlives = await mintKey({ apiKey: shortLived.secret }, ['read'], { expires_at: new Date(soonMs + 86_400_000).toISOString() });
    expect(outlives.status).toBe(400);
    expect(outlives.body.code).toBe('expires_after_creator');

    const write = await newKey({ apiKey: t.adminKey }, ['write']);
    const escalate = await mintKey({ apiKey: write.secret }, ['write']);
    expect(escalate.status).toBe(403);
    expect(escalate.body.code).toBe('insufficient_scope');
    const phiOnly = await newKey({ apiKey: t.adminKey }, ['read', 'phi']);
    expect((await mintKey({ apiKey: phiOnly.secret }, ['phi'])).status).toBe(403);
  });
});

describe('unredacted transcripts', () => {
  it('need an admin or phi key (or an admin session), and every read is audited', async () => {
    const t = await createTenant(server.url, 'Originals');
    const settings = await call(server.url, 'PATCH', '/v1/call-settings', { body: { keep_original_transcripts: true }, creds: { apiKey: t.adminKey } });
    expect(settings.status).toBe(200);
    const ref = `orig-scope-${Date.now()}`;
    await deliver(server.platform, t.orgId, vapiBody(report(callRef(ref), { summary: 'Patient SSN 123-45-6789.' })));
    await drained(server.platform.knex, t.orgId);
    const callId = (await callByRef(server.platform.knex, t.orgId, ref)).id as string;
    const read = (creds: Credentials) => call(server.url, 'GET', `/v1/calls/${callId}/original-transcript`, { creds });

    const readKey = await newKey({ apiKey: t.adminKey }, ['read']);
    const writeKey = await newKey({ apiKey: t.adminKey }, ['read', 'write']);
    for (const k of [readKey, writeKey]) {
      const refused = await read({ apiKey: k.secret });
      expect(refused.status).toBe(403);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.code).toBe('insufficient_scope');
      // It can still read the redacted call.
      expect((await call(server.url, 'GET', `/v1/calls/${callId}`, { creds: { apiKey: k.secret } })).status).toBe(200);
    }
    const member = await join(t, 'member');
    const asMember = await read(member.session);
    expect(asMember.status).toBe(403);
    expect(asMember.body.code).toBe('forbidden');
    // Only admins make phi keys.
    expect((await mintKey(member.session, ['read', 'phi'])).status).toBe(403);

    const phiKey = await newKey(t.session, ['read', 'phi']);
    const byPhi = await read({ apiKey: phiKey.secret });
    expect(byPhi.status).toBe(200);
    expect(byPhi.body.summary).toContain('123-45-6789');
    expect((await read({ apiKey: t.adminKey })).status).toBe(200);
    expect((await read(t.session)).status).toBe(200);

    const audit = await call(server.url, 'GET', '/v1/audit-events?action=call.original_transcript_read', { creds: t.session });
    const adminKeyId = (await call(server.url, 'GET', '/v1/api-keys?limit=100', { creds: t.session })).body.data.find((k: { name: string }) => k.name === 'admin').id;
    expect(audit.body.data.map((e: { actor_id: string }) => e.actor_id)).toEqual([t.userId, adminKeyId, phiKey.id]);
    expect(audit.body.data.every((e: { target_id: string }) => e.target_id === callId)).toBe(true);
  });
});
