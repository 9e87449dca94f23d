/**
 * A campaign started with a vox_test_ key stays on the simulator even in an org that has Vapi: test keys
 * never reach a real vendor, for campaigns as for single calls and publishes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, createTenant } from '../support/index.ts';
import { agentBody, publishAndWait, startVoiceWorld, until, type VoiceWorld } from '../api/voice.helpers.ts';
import { NO_RATE_LIMITS, patientNumber } from '../api/outbound-support.ts';

let world: VoiceWorld;

beforeAll(async () => {
  // The test polls the campaign; the per-key limit is not what it is about.
  world = await startVoiceWorld({ env: NO_RATE_LIMITS });
});

afterAll(async () => {
  await world?.close();
});

it('dials a test-mode campaign on the simulator, never on the org\'s Vapi', async () => {
  const base = world.server.url;
  const t = await createTenant(base, 'Vapi Recall Clinic');
  expect((await call(base, 'PUT', '/v1/integrations/vapi', { body: { api_key: world.vapi.apiKey }, creds: { apiKey: t.adminKey } })).status).toBe(201);
  const testKey = { apiKey: (await call(base, 'POST', '/v1/api-keys', { body: { name: 'ci', scopes: ['read', 'write'], mode: 'test' }, creds: { apiKey: t.adminKey } })).body.secret as string };

  const agent = await call(base, 'POST', '/v1/agents', { body: agentBody({ kind: 'outbound', name: 'Recall caller', voice: { provider: 'elevenlabs', voice_id: '21m00Tcm4TlvDq8ikWAM' } }), creds: testKey });
  expect(agent.status).toBe(201);
  expect(await publishAndWait(base, testKey.apiKey, agent.body.id)).toMatchObject({ voice_connector: 'simulator' });
  const number = await call(base, 'POST', '/v1/phone-numbers', { body: { source: 'twilio', number: patientNumber(), agent_id: agent.body.id }, creds: testKey });
  expect(number.status).toBe(201);
  const contact = await call(base, 'POST', '/v1/contacts', { body: { phone: patientNumber(), consent_status: 'granted', timezone: 'UTC' }, creds: testKey });

  const vapiCallsBefore = world.vapi.http.find('POST', '/call').length;
  const campaign = await call(base, 'POST', '/v1/campaigns', {
    body: { name: 'Test recall', agent_id: agent.body.id, contact_ids: [contact.body.id], quiet_hours: { start: '00:00', end: '00:00' } },
    creds: testKey,
  });
  expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
  const done = await until(() => call(base, 'GET', `/v1/campaigns/${campaign.body.id}`, { creds: testKey }), (r) => r.body.status === 'completed', 'the campaign to complete');
  expect(done.body.progress).toMatchObject({ total: 1, completed: 1 });

  const calls = await call(base, 'GET', `/v1/calls?campaign_id=${campaign.body.id}`, { creds: testKey });
  expect(calls.body.data).toHaveLength(1);
  const placed = await call(base, 'GET', `/v1/calls/${calls.body.data[0].id}`, { creds: testKey });
  expect(placed.body).toMatchObject({ connector: 'simulator', test_mode: true, status: 'ended' });
  expect(world.vapi.http.find('POST', '/call')).toHaveLength(vapiCallsBefore);
});
