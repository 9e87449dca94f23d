import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, type TestServer, type Tenant } from '../support/index.ts';
import { agentBody, publishAndWait } from './voice.helpers.ts';
import { NO_RATE_LIMITS, count, patientNumber, quietHoursAway } from './outbound-support.ts';

/**
 * Issue #10 item 19: in production a live call never falls back to the call simulator. An org without a
 * voice vendor (no Vapi integration) answers 409 voice_not_configured to live keys and sessions, for a
 * single call, a campaign and a publish, and nothing is written; test keys keep the simulator, and so do
 * test calls (POST /v1/test/calls), which are simulated by definition.
 */
let server: TestServer;
let tenant: Tenant;
let live: { apiKey: string };
let test: { apiKey: string };
let agentId: string;

beforeAll(async () => {
  server = await startTestServer({ env: { NODE_ENV: 'production', VOICE_WEBHOOK_SECRET: 'production-secret-0123456789abcdef', ...NO_RATE_LIMITS } });
  tenant = await createTenant(server, 'Production Clinic');
  live = { apiKey: tenant.adminKey };
  const key = await call(server.url, 'POST', '/v1/api-keys', { body: { name: 'ci', scopes: ['read', 'write'], mode: 'test' }, creds: live });
  test = { apiKey: key.body.secret };
  // Set up with the test key: the agent and its number live on the simulator.
  const agent = await call(server.url, 'POST', '/v1/agents', { body: agentBody({ kind: 'outbound', name: 'Recall caller' }), creds: test });
  agentId = agent.body.id;
  expect(await publishAndWait(server.url, test.apiKey, agentId)).toMatchObject({ voice_connector: 'simulator' });
  const number = await call(server.url, 'POST', '/v1/phone-numbers', { body: { source: 'twilio', number: patientNumber(), agent_id: agentId }, creds: test });
  expect(number.status, JSON.stringify(number.body)).toBe(201);
  await quietHoursAway(server, { tenant, key: live, agentId, phoneNumberId: number.body.id });
});

afterAll(async () => {
  await server?.close();
});

const expectNotConfigured = (res: { status: number; contentType: string; body: any }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(409);
  expect(res.contentType).toContain('application/problem+json');
  expect(res.body).toMatchObject({ code: 'voice_not_configured', provider: 'vapi' });
  expect(res.body.detail).toMatch(/PUT \/v1\/integrations\/vapi/);
};

describe('production without a voice vendor', () => {
  it('refuses a live single call with 409 voice_not_configured and writes nothing', async () => {
    const before = { calls: await count(server, tenant.orgId, 'calls'), contacts: await count(server, tenant.orgId, 'contacts') };
    expectNotConfigured(await call(server.url, 'POST', '/v1/calls', { body: { agent_id: agentId, to: patientNumber() }, creds: live }));
    expectNotConfigured(await call(server.url, 'POST', '/v1/calls', { body: { agent_id: agentId, to: patientNumber() }, creds: tenant.session }));
    expect({ calls: await count(server, tenant.orgId, 'calls'), contacts: await count(server, tenant.orgId, 'contacts') }).toEqual(before);
  });

  it('refuses a live campaign and a live publish the same way', async () => {
    const contact = await call(server.url, 'POST', '/v1/contacts', { body: { phone: patientNumber(), consent_status: 'granted' }, creds: live });
    const before = await count(server, tenant.orgId, 'campaigns');
    expectNotConfigured(await call(server.url, 'POST', '/v1/campaigns', { body: { name: 'Live recall', agent_id: agentId, contact_ids: [contact.body.id] }, creds: live }));
    expect(await count(server, tenant.orgId, 'campaigns')).toBe(before);
    expectNotConfigured(await call(server.url, 'POST', `/v1/agents/${agentId}/publish`, { creds: live }));
  });

  it('keeps the simulator for a test key', async () => {
    const res = await call(server.url, 'POST', '/v1/calls', { body: { agent_id: agentId, to: patientNumber() }, creds: test });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ connector: 'simulator', test_mode: true });
  });

  it('keeps test calls, which are simulated by definition, for a live key too', async () => {
    const res = await call(server.url, 'POST', '/v1/test/calls', { body: { agent_id: agentId }, creds: live });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ connector: 'simulator', direction: 'outbound' });
  });
});
