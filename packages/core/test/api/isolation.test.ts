import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, PASSWORD, uniqueEmail, type TestServer, type Tenant } from '../support/index.ts';
import { loadSpec, operations } from '../../src/platform/openapi/spec.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { newId } from '../../src/platform/ids.ts';

/**
 * Isolation by attack: org B's credentials try every id-taking route with org A's ids. Routes are read
 * from the contract, so a new id-taking route without an attack here fails this suite.
 */
let server: TestServer;
let a: Tenant;
let b: Tenant;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  a = await createTenant(server.url, 'Org A');
  b = await createTenant(server.url, 'Org B');
  const key = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'a2', scopes: ['read'] }, creds: { apiKey: a.adminKey } });
  ids.key_id = key.body.id;
  const invite = await call(server.url, 'POST', '/v1/invites', { body: { email: uniqueEmail('inv'), role: 'member' }, creds: { apiKey: a.adminKey } });
  ids.invite_id = invite.body.id;
  // A second member in A, so removing/updating a member is a real target.
  const invite2 = await call(server.url, 'POST', '/v1/invites', { body: { email: uniqueEmail('m'), role: 'viewer' }, creds: { apiKey: a.adminKey } });
  const joined = await call(server.url, 'POST', '/v1/invites/accept', { body: { token: invite2.body.token, name: 'Viewer', password: PASSWORD } });
  const members = await call(server.url, 'GET', '/v1/members', { creds: { apiKey: a.adminKey } });
  ids.member_id = members.body.data.find((m: { user_id: string }) => m.user_id === joined.body.user.id).id;
  const login = await call(server.url, 'POST', '/v1/auth/login', { body: { email: a.email, password: PASSWORD } });
  ids.session_id = login.body.session.id;
  // Voice: an agent of A with two revisions, and a number of A assigned to it (simulator, no vendor needed).
  const agent = await call(server.url, 'POST', '/v1/agents', {
    body: { kind: 'inbound', name: 'A front desk', system_prompt: 'Answer for clinic A.', timezone: 'America/New_York' },
    creds: { apiKey: a.adminKey },
  });
  ids.agent_id = agent.body.id;
  ids.revision_id = agent.body.revision_id;
  await call(server.url, 'PATCH', `/v1/agents/${ids.agent_id}`, { body: { name: 'A reception' }, creds: { apiKey: a.adminKey } });
  const number = await call(server.url, 'POST', '/v1/phone-numbers', {
    body: { source: 'twilio', number: '+15550100777', agent_id: ids.agent_id },
    creds: { apiKey: a.adminKey },
  });
  ids.phone_number_id = number.body.id;
  // Scheduling: a location, resource, service, a hold and a booking of A.
  const A = { apiKey: a.adminKey };
  const loc = await call(server.url, 'POST', '/v1/locations', { body: { name: 'A clinic', timezone: 'America/New_York' }, creds: A });
  ids.location_id = loc.body.id;
  const hours = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, start: '00:00', end: '24:00' }));
  const res = await call(server.url, 'POST', '/v1/resources', { body: { location_id: ids.location_id, kind: 'practitioner', name: 'Dr. A', weekly_hours: hours }, creds: A });
  ids.resource_id = res.body.id;
  const svc = await call(server.url, 'POST', '/v1/services', { body: { location_id: ids.location_id, name: 'Cleaning', duration_minutes: 30, resource_ids: [ids.resource_id] }, creds: A });
  ids.service_id = svc.body.id;
  const slot = (days: number) => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + days * 86_400_000).toISOString();
  const hold = await call(server.url, 'POST', '/v1/holds', { body: { service_id: ids.service_id, starts_at: slot(2) }, creds: A });
  ids.hold_id = hold.body.id;
  const booking = await call(server.url, 'POST', '/v1/bookings', { body: { service_id: ids.service_id, starts_at: slot(3), patient: { name: 'A patient', phone: '+15550100888' } }, creds: A });
  ids.booking_id = booking.body.id;
  ids.reschedule_to = slot(4);
  // Live calls: a contact of A.
  const contact = await call(server.url, 'POST', '/v1/contacts', { body: { phone: '+15550100999', name: 'A patient' }, creds: A });
  ids.contact_id = contact.body.id;
  // A finished call of A, as the voice ingest writes it.
  ids.call_id = await inScope(server.platform.knex, { orgId: a.orgId }, async (tx) => {
    const [row] = await tx('calls')
      .insert({ id: newId('call'), org_id: a.orgId, connector: 'simulator', external_call_id: 'sim_call_iso', direction: 'inbound', status: 'ended', contact_id: ids.contact_id, transcript: JSON.stringify([{ role: 'caller', text: 'Hello', seconds_from_start: 0 }]) })
      .returning('id');
    return row.id as string;
  });
  // Outbound: a do-not-call entry of A, and a paused campaign of A (written directly: no tick needed here).
  // Paused, not running: the outbound sweep ticks running campaigns, and one without targets would complete
  // whenever a sweep happens to run after this insert.
  const dnc = await call(server.url, 'POST', '/v1/dnc', { body: { phone: '+15550100998', reason: 'A patient asked' }, creds: A });
  ids.dnc_id = dnc.body.id;
  ids.campaign_id = await inScope(server.platform.knex, { orgId: a.orgId }, async (tx) => {
    const [row] = await tx('campaigns')
      .insert({ id: newId('campaign'), org_id: a.orgId, name: 'A recall', agent_id: ids.agent_id, status: 'paused', max_concurrency: 1, max_attempts: 1, retry_backoff_seconds: 60, quiet_hours_start: '20:00', quiet_hours_end: '09:00', default_timezone: 'America/New_York' })
      .returning('id');
    return row.id as string;
  });
});

/** Valid bodies, so a refusal can only come from isolation and never from validation. */
const BODIES: Record<string, unknown> = {
  'patch /v1/members/{member_id}': { role: 'viewer' },
  'patch /v1/agents/{agent_id}': { name: 'hijacked' },
  'post /v1/agents/{agent_id}/rollback': { get revision_id() { return ids.revision_id; } },
  'post /v1/agents/{agent_id}/voice-preview': { text: 'hello' },
  'patch /v1/phone-numbers/{phone_number_id}': { agent_id: null },
  'patch /v1/locations/{location_id}': { name: 'hijacked' },
  'patch /v1/contacts/{contact_id}': { name: 'hijacked' },
  'patch /v1/services/{service_id}': { name: 'hijacked' },
  'patch /v1/resources/{resource_id}': { name: 'hijacked' },
  'post /v1/bookings/{booking_id}/reschedule': { get starts_at() { return ids.reschedule_to; } },
};
afterAll(async () => {
  await server?.close();
});

// Vendor webhooks (x-voxanne-auth: none) name their org in the path and are authenticated by the vendor's
// signature, not by a key: their attack (a forged or foreign signature) is in the scheduling-sms suite.
const idRoutes = operations(loadSpec()).filter((o) => /\{[a-z_]+_id\}/.test(o.path) && o.op['x-voxanne-auth'] !== 'none');

describe('every id-taking route refuses another org', () => {
  it('covers every id-taking route in the contract', () => {
    const params = new Set(idRoutes.map((o) => o.path.match(/\{([a-z_]+_id)\}/)![1]!));
    for (const p of params) expect(Object.keys(ids), `no attack fixture for {${p}}`).toContain(p);
    expect(idRoutes.length).toBeGreaterThanOrEqual(6);
  });

  for (const route of idRoutes) {
    it(`${route.method.toUpperCase()} ${route.path} with org A's id answers 404 to org B`, async () => {
      const param = route.path.match(/\{([a-z_]+_id)\}/)![1]!;
      const path = route.path.replace(`{${param}}`, ids[param]!);
      const template = BODIES[`${route.method} ${route.path}`];
      const body = template === undefined ? undefined : JSON.parse(JSON.stringify(template));
      const creds = route.op['x-voxanne-auth'] === 'session' ? b.session : { apiKey: b.adminKey };
      const res = await call(server.url, route.method.toUpperCase(), path, { body, creds });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    });
  }

  it("leaves org A's resources untouched after the attacks", async () => {
    const key = await call(server.url, 'GET', `/v1/api-keys/${ids.key_id}`, { creds: { apiKey: a.adminKey } });
    expect(key.body.revoked_at).toBeNull();
    const members = await call(server.url, 'GET', '/v1/members', { creds: { apiKey: a.adminKey } });
    expect(members.body.data.find((m: { id: string }) => m.id === ids.member_id).role).toBe('viewer');
    const invites = await call(server.url, 'GET', '/v1/invites', { creds: { apiKey: a.adminKey } });
    expect(invites.body.data.map((i: { id: string }) => i.id)).toContain(ids.invite_id);
    const agent = await call(server.url, 'GET', `/v1/agents/${ids.agent_id}`, { creds: { apiKey: a.adminKey } });
    expect(agent.body).toMatchObject({ name: 'A reception', revision_number: 2, sync_status: 'unpublished' });
    const number = await call(server.url, 'GET', `/v1/phone-numbers/${ids.phone_number_id}`, { creds: { apiKey: a.adminKey } });
    expect(number.body.agent_id).toBe(ids.agent_id);
    const booking = await call(server.url, 'GET', `/v1/bookings/${ids.booking_id}`, { creds: { apiKey: a.adminKey } });
    expect(booking.body).toMatchObject({ status: 'confirmed', reschedule_count: 0 });
    const hold = await call(server.url, 'GET', `/v1/holds/${ids.hold_id}`, { creds: { apiKey: a.adminKey } });
    expect(hold.body.status).toBe('held');
    const location = await call(server.url, 'GET', `/v1/locations/${ids.location_id}`, { creds: { apiKey: a.adminKey } });
    expect(location.body.name).toBe('A clinic');
    const contact = await call(server.url, 'GET', `/v1/contacts/${ids.contact_id}`, { creds: { apiKey: a.adminKey } });
    expect(contact.body.name).toBe('A patient');
    const endedCall = await call(server.url, 'GET', `/v1/calls/${ids.call_id}`, { creds: { apiKey: a.adminKey } });
    expect(endedCall.body).toMatchObject({ status: 'ended', analysis_status: 'none' });
    const campaign = await call(server.url, 'GET', `/v1/campaigns/${ids.campaign_id}`, { creds: { apiKey: a.adminKey } });
    expect(campaign.body.status).toBe('paused');
    const dnc = await call(server.url, 'GET', '/v1/dnc?phone=%2B15550100998', { creds: { apiKey: a.adminKey } });
    expect(dnc.body.data.map((e: { id: string }) => e.id)).toEqual([ids.dnc_id]);
  });

  it("a Voxanne-Org header naming a foreign org answers 404", async () => {
    for (const creds of [{ apiKey: b.adminKey, org: a.orgId }, { ...b.session, org: a.orgId }]) {
      const res = await call(server.url, 'GET', '/v1/org', { creds });
      expect(res.status).toBe(404);
    }
    // Not even a child of a sibling agency.
    const child = await call(server.url, 'POST', '/v1/orgs', { body: { name: 'A child' }, creds: { apiKey: a.adminKey } });
    expect((await call(server.url, 'GET', '/v1/members', { creds: { apiKey: b.adminKey, org: child.body.id } })).status).toBe(404);
  });

  it("lists never include another org's rows", async () => {
    for (const path of ['/v1/api-keys', '/v1/members', '/v1/invites', '/v1/audit-events', '/v1/orgs', '/v1/agents', '/v1/phone-numbers', '/v1/integrations', '/v1/locations', '/v1/services', '/v1/resources', '/v1/bookings', '/v1/sms/messages', '/v1/sms/opt-outs', '/v1/calls', '/v1/contacts', '/v1/dnc', '/v1/campaigns']) {
      const res = await call(server.url, 'GET', `${path}?limit=100`, { creds: { apiKey: b.adminKey } });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(a.orgId);
      for (const id of Object.values(ids)) expect(JSON.stringify(res.body)).not.toContain(id);
    }
  });
});

describe('the database itself enforces isolation', () => {
  const TENANT_TABLES = ['api_keys', 'memberships', 'invites', 'audit_events', 'outbox_events', 'idempotency_keys', 'agents', 'agent_revisions', 'phone_numbers', 'locations', 'services', 'resources', 'service_resources', 'bookings', 'sms_messages'];

  it("a raw query as the app role with org B's setting returns none of org A's rows", async () => {
    for (const table of TENANT_TABLES) {
      const rows = await inScope(server.platform.knex, { orgId: b.orgId }, (tx) => tx(table).select('org_id'));
      expect(rows.every((r: { org_id: string }) => r.org_id === b.orgId), table).toBe(true);
      const leaked = await inScope(server.platform.knex, { orgId: b.orgId }, (tx) => tx(table).where({ org_id: a.orgId }).count('* as n'));
      expect(Number(leaked[0]?.n), table).toBe(0);
    }
    const orgs = await inScope(server.platform.knex, { orgId: b.orgId }, (tx) => tx('orgs').select('id'));
    expect(orgs.map((o: { id: string }) => o.id)).not.toContain(a.orgId);
  });

  it('with no org set, the app role sees no tenant rows at all', async () => {
    for (const table of [...TENANT_TABLES, 'orgs', 'users', 'sessions']) {
      const [row] = await inScope(server.platform.knex, {}, (tx) => tx(table).count('* as n'));
      expect(Number(row?.n), table).toBe(0);
    }
  });

  it("the app role cannot write a row into another org", async () => {
    await expect(
      inScope(server.platform.knex, { orgId: b.orgId }, (tx) =>
        tx('audit_events').insert({ id: 'aud_01J0000000000000000000000', org_id: a.orgId, actor_type: 'system', action: 'x' }),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
