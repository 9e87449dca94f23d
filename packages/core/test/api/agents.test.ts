import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, PASSWORD, startTestServer, uniqueEmail, type Tenant } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { agentBody, bearerRequests, getAgent, publishAndWait, startVoiceWorld, until, type VoiceWorld } from './voice.helpers.ts';

let world: VoiceWorld;
let base: string;

beforeAll(async () => {
  world = await startVoiceWorld();
  base = world.server.url;
});
afterAll(async () => {
  await world?.close();
});

const create = (t: Tenant, body: unknown) => call(base, 'POST', '/v1/agents', { body, creds: { apiKey: t.adminKey } });
const patch = (t: Tenant, id: string, body: unknown) => call(base, 'PATCH', `/v1/agents/${id}`, { body, creds: { apiKey: t.adminKey } });
const revisions = async (t: Tenant, id: string) => (await call(base, 'GET', `/v1/agents/${id}/revisions`, { creds: { apiKey: t.adminKey } })).body.data;
const countAgents = async (t: Tenant) => (await call(base, 'GET', '/v1/agents?limit=100', { creds: { apiKey: t.adminKey } })).body.data.length;

/** An org whose voice connector is Vapi (its own key) with an ElevenLabs voice Vapi can render. */
async function vapiTenant(name: string): Promise<Tenant> {
  const t = await createTenant(base, name);
  const res = await call(base, 'PUT', '/v1/integrations/vapi', { body: { api_key: world.vapi.apiKey }, creds: { apiKey: t.adminKey } });
  expect(res.status).toBe(201);
  return t;
}
const elevenVoice = { voice: { provider: 'elevenlabs', voice_id: '21m00Tcm4TlvDq8ikWAM' } };

describe('creating and editing agents', () => {
  it('creates an agent with defaults and revision 1, unpublished', async () => {
    const t = await createTenant(base, 'Creator');
    const res = await create(t, agentBody());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'agent',
      kind: 'inbound',
      name: 'Front desk',
      voice: { provider: 'local', voice_id: 'local-aria' },
      model: { provider: 'openai', model: 'gpt-4o' },
      tools: [],
      business_hours: [],
      language: 'en',
      max_duration_seconds: 600,
      after_hours: { behavior: 'take_message' },
      revision_number: 1,
      sync_status: 'unpublished',
      has_unpublished_changes: true,
      live_revision_id: null,
      external_id: null,
    });
    expect(res.body.id).toMatch(/^agt_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(res.body.revision_id).toMatch(/^rev_/);
  });

  it('takes every field of the issue: tools with a transfer destination, hours, timezone, language, voicemail', async () => {
    const t = await createTenant(base, 'Full');
    const body = agentBody({
      kind: 'outbound',
      tools: [{ type: 'check_availability' }, { type: 'book_appointment' }, { type: 'transfer_call', destination: '+15551230000' }],
      business_hours: [
        { day: 'mon', start: '08:00', end: '12:00' },
        { day: 'mon', start: '13:00', end: '17:30' },
        { day: 'sat', start: '09:00', end: '24:00' },
      ],
      timezone: 'Europe/Berlin',
      language: 'es-US',
      max_duration_seconds: 900,
      voicemail_message: 'Please call us back.',
      after_hours: { behavior: 'transfer', transfer_to: '+15559990000', message: 'We are closed.' },
    });
    const res = await create(t, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, revision_number: 1 });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, '/body/timezone'],
    ['an offset instead of a zone', { timezone: '+05:00' }, '/body/timezone'],
    ['transfer_call without a destination', { tools: [{ type: 'transfer_call' }] }, '/body/tools/0/destination'],
    ['a destination on another tool', { tools: [{ type: 'send_sms', destination: '+15551230000' }] }, '/body/tools/0/destination'],
    ['the same tool twice', { tools: [{ type: 'send_sms' }, { type: 'send_sms' }] }, '/body/tools/1/type'],
    ['overlapping hours', { business_hours: [{ day: 'tue', start: '09:00', end: '12:00' }, { day: 'tue', start: '11:00', end: '13:00' }] }, '/body/business_hours/1'],
    ['hours that end before they start', { business_hours: [{ day: 'tue', start: '12:00', end: '09:00' }] }, '/body/business_hours/0'],
    ['an after-hours transfer without a number', { after_hours: { behavior: 'transfer' } }, '/body/after_hours/transfer_to'],
    ['a destination that is not E.164', { tools: [{ type: 'transfer_call', destination: '555-1234' }] }, '/body/tools/0/destination'],
    ['an unknown tool', { tools: [{ type: 'launch_rocket' }] }, '/body/tools/0/type'],
    ['a bad language tag', { language: 'English' }, '/body/language'],
    ['an unknown field', { temperature: 2 }, '/body'],
  ];
  for (const [what, override, path] of invalid) {
    it(`refuses ${what} with a 400 problem and writes nothing`, async () => {
      const t = await createTenant(base, 'Invalid');
      const res = await create(t, agentBody(override));
      expect(res.status).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { path: string }) => e.path).join(' ')).toContain(path);
      expect(await countAgents(t)).toBe(0);
    });
  }

  it('writes an immutable revision per change, none for a no-op, and rolls back by copying', async () => {
    const t = await createTenant(base, 'Historian');
    const agent = (await create(t, agentBody({ name: 'First name' }))).body;
    const v2 = await patch(t, agent.id, { name: 'Second name', system_prompt: 'Be brief.' });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ name: 'Second name', system_prompt: 'Be brief.', revision_number: 2 });
    const same = await patch(t, agent.id, { name: 'Second name' });
    expect(same.body.revision_number).toBe(2);
    const bad = await patch(t, agent.id, { timezone: 'Nowhere/Land' });
    expect(bad.status).toBe(400);
    expect((await getAgent(base, t.adminKey, agent.id)).revision_number).toBe(2);

    const history = await revisions(t, agent.id);
    expect(history.map((r: { number: number; source: string }) => [r.number, r.source])).toEqual([
      [2, 'update'],
      [1, 'create'],
    ]);
    expect(history[1].config).toMatchObject({ name: 'First name', system_prompt: agentBody().system_prompt });

    const rolled = await call(base, 'POST', `/v1/agents/${agent.id}/rollback`, { body: { revision_id: agent.revision_id }, creds: { apiKey: t.adminKey } });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ name: 'First name', system_prompt: agentBody().system_prompt, revision_number: 3, sync_status: 'unpublished' });
    const after = await revisions(t, agent.id);
    expect(after[0]).toMatchObject({ number: 3, source: 'rollback', restored_from_revision_id: agent.revision_id });
    expect(after[0].config).toEqual(history[1].config);

    const unknown = await call(base, 'POST', `/v1/agents/${agent.id}/rollback`, { body: { revision_id: 'rev_01J00000000000000000000000' }, creds: { apiKey: t.adminKey } });
    expect(unknown.status).toBe(404);

    // History cannot be rewritten, not even by a bug in the app: the role has no UPDATE, and a trigger stands behind it.
    await expect(
      inScope(world.server.platform.knex, { orgId: t.orgId }, (tx) => tx('agent_revisions').where({ agent_id: agent.id }).update({ config: '{}' })),
    ).rejects.toThrow(/permission denied|append-only/);
    const owner = await world.server.platform.db.owner();
    await expect(owner.raw('update agent_revisions set number = number where agent_id = ?', [agent.id])).rejects.toThrow(/append-only/);
    const audit = await call(base, 'GET', '/v1/audit-events?action=agent.', { creds: { apiKey: t.adminKey } });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['agent.rolled_back', 'agent.updated', 'agent.created']);
  });
});

describe('publishing', () => {
  it("syncs to Vapi with the org's own key, our webhook URL and the tools", async () => {
    const t = await vapiTenant('Vapi Clinic');
    const agent = (await create(t, agentBody({ ...elevenVoice, tools: [{ type: 'book_appointment' }, { type: 'transfer_call', destination: '+15551230000' }] }))).body;
    const accepted = await call(base, 'POST', `/v1/agents/${agent.id}/publish`, { creds: { apiKey: t.adminKey } });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ sync_status: 'pending', pending_revision_id: agent.revision_id, voice_connector: 'vapi' });

    const synced = await until(() => getAgent(base, t.adminKey, agent.id), (a) => a.sync_status === 'synced', 'sync');
    expect(synced).toMatchObject({ live_revision_id: agent.revision_id, has_unpublished_changes: false, voice_connector: 'vapi', last_sync_error: null, sync_will_retry: false });
    expect(synced.last_synced_at).not.toBeNull();
    const assistant = world.vapi.assistants.get(synced.external_id)!;
    expect(assistant).toBeDefined();
    const serverUrl = `${world.server.config.publicUrl}/v1/voice/webhooks/${t.orgId}`;
    expect(assistant).toMatchObject({
      name: 'Front desk',
      firstMessage: agentBody().first_message,
      voice: { provider: '11labs', voiceId: '21m00Tcm4TlvDq8ikWAM' },
      server: { url: serverUrl },
      metadata: { orgId: t.orgId, agentId: agent.id, revisionId: agent.revision_id },
    });
    const model = assistant.model as { messages: { content: string }[]; tools: { type: string; function?: { name: string }; destinations?: { number: string }[] }[] };
    expect(model.messages[0]!.content).toContain(agentBody().system_prompt);
    // Vapi transfers calls itself, so transfer_call is deployed as its native tool with the destination.
    expect(model.tools.map((x) => x.function?.name ?? x.type)).toEqual(['book_appointment', 'transferCall']);
    expect(model.tools[1]!.destinations).toEqual([expect.objectContaining({ number: '+15551230000' })]);
    const created = world.vapi.http.find('POST', '/assistant').at(-1)!;
    expect(created.headers.authorization).toBe(`Bearer ${world.vapi.apiKey}`);

    // An edit is a draft until published; publishing it updates the same assistant.
    const edited = (await patch(t, agent.id, { system_prompt: 'New instructions.' })).body;
    expect(edited).toMatchObject({ has_unpublished_changes: true, sync_status: 'synced' });
    const republished = await publishAndWait(base, t.adminKey, agent.id);
    expect(republished).toMatchObject({ external_id: synced.external_id, live_revision_id: edited.revision_id });
    const updated = world.vapi.assistants.get(synced.external_id)! as { model: { messages: { content: string }[] } };
    expect(updated.model.messages[0]!.content).toContain('New instructions.');

    const owner = await world.server.platform.db.owner();
    const { rows } = await owner.raw(`select type from outbox_events where org_id = ? and type like 'agent.%' order by id`, [t.orgId]);
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['agent.created', 'agent.published', 'agent.updated', 'agent.published']);
  });

  it('rollback restores the earlier revision and re-syncs it', async () => {
    const t = await vapiTenant('Rollback Clinic');
    const agent = (await create(t, agentBody({ ...elevenVoice, system_prompt: 'Original prompt.' }))).body;
    const live = await publishAndWait(base, t.adminKey, agent.id);
    await patch(t, agent.id, { system_prompt: 'Broken prompt.' });
    await publishAndWait(base, t.adminKey, agent.id);
    expect((world.vapi.assistants.get(live.external_id) as { model: { messages: { content: string }[] } }).model.messages[0]!.content).toContain('Broken prompt.');

    const rolled = await call(base, 'POST', `/v1/agents/${agent.id}/rollback`, { body: { revision_id: agent.revision_id }, creds: { apiKey: t.adminKey } });
    expect(rolled.body).toMatchObject({ system_prompt: 'Original prompt.', revision_number: 3, sync_status: 'pending' });
    const resynced = await until(() => getAgent(base, t.adminKey, agent.id), (a) => a.sync_status === 'synced' && a.live_revision_id === rolled.body.revision_id, 'rollback sync');
    expect(resynced.external_id).toBe(live.external_id);
    expect((world.vapi.assistants.get(live.external_id) as { model: { messages: { content: string }[] } }).model.messages[0]!.content).toContain('Original prompt.');
  });

  it('an org without a Vapi integration publishes to the simulator; a vox_test_ key always does', async () => {
    const sim = await createTenant(base, 'Offline Clinic');
    const offline = (await create(sim, agentBody())).body;
    expect(await publishAndWait(base, sim.adminKey, offline.id)).toMatchObject({ voice_connector: 'simulator', external_id: expect.stringMatching(/^sim_asst_/) });

    const t = await vapiTenant('Test Mode Clinic');
    const testKey = (await call(base, 'POST', '/v1/api-keys', { body: { name: 'test', scopes: ['write'], mode: 'test' }, creds: { apiKey: t.adminKey } })).body.secret;
    const before = world.vapi.assistants.size;
    const agent = (await call(base, 'POST', '/v1/agents', { body: agentBody(elevenVoice), creds: { apiKey: testKey } })).body;
    const synced = await publishAndWait(base, testKey, agent.id);
    expect(synced).toMatchObject({ voice_connector: 'simulator', external_id: expect.stringMatching(/^sim_asst_/) });
    expect(world.vapi.assistants.size).toBe(before);
  });

  it('refuses what cannot be published, before queueing anything', async () => {
    const t = await vapiTenant('Refusals');
    const local = (await create(t, agentBody())).body;
    const res = await call(base, 'POST', `/v1/agents/${local.id}/publish`, { creds: { apiKey: t.adminKey } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('voice_unsupported');
    expect((await getAgent(base, t.adminKey, local.id)).sync_status).toBe('unpublished');

    // A platform that defaults to Vapi has no shared key to fall back on.
    const strict = await startTestServer({ env: { DEFAULT_VOICE_CONNECTOR: 'vapi', VOICE_WEBHOOK_SECRET: 'x'.repeat(32) } });
    try {
      const s = await createTenant(strict.url, 'No Key Clinic');
      const agent = (await call(strict.url, 'POST', '/v1/agents', { body: agentBody(elevenVoice), creds: { apiKey: s.adminKey } })).body;
      const missing = await call(strict.url, 'POST', `/v1/agents/${agent.id}/publish`, { creds: { apiKey: s.adminKey } });
      expect(missing.status).toBe(409);
      expect(missing.body).toMatchObject({ code: 'voice_not_configured', provider: 'vapi' });
    } finally {
      await strict.close();
    }
  });

  it('in a Vapi outage: 202, then failed with the error while retrying, the server stays up, and it recovers', async () => {
    const t = await vapiTenant('Outage Clinic');
    const agent = (await create(t, agentBody(elevenVoice))).body;
    world.vapiSwitch.down = true;
    let failed;
    try {
      const accepted = await call(base, 'POST', `/v1/agents/${agent.id}/publish`, { creds: { apiKey: t.adminKey } });
      expect(accepted.status).toBe(202);
      failed = await until(() => getAgent(base, t.adminKey, agent.id), (a) => a.sync_status === 'failed', 'the sync to fail');
      expect(failed.sync_will_retry).toBe(true);
      expect(['vendor_unavailable', 'circuit_open']).toContain(failed.last_sync_error.code);
      expect(failed.last_sync_error.message).toMatch(/vapi/);
      expect(failed).toMatchObject({ live_revision_id: null, name: 'Front desk', revision_number: 1 });
      expect((await call(base, 'GET', '/health')).status).toBe(200);
      expect((await call(base, 'GET', '/v1/agents', { creds: { apiKey: t.adminKey } })).status).toBe(200);
    } finally {
      world.vapiSwitch.down = false;
    }
    const recovered = await until(() => getAgent(base, t.adminKey, agent.id), (a) => a.sync_status === 'synced', 'the sync to recover');
    expect(recovered).toMatchObject({ last_sync_error: null, sync_will_retry: false, live_revision_id: agent.revision_id });
    expect(world.vapi.assistants.has(recovered.external_id)).toBe(true);
    const owner = await world.server.platform.db.owner();
    const { rows } = await owner.raw(`select type, payload from outbox_events where org_id = ? and type like 'agent.sync%'`, [t.orgId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toMatchObject({ agent_id: agent.id, will_retry: true });
  });
});

describe('deleting', () => {
  it('removes the assistant from the vendor too', async () => {
    const t = await vapiTenant('Deleter');
    const agent = (await create(t, agentBody(elevenVoice))).body;
    const live = await publishAndWait(base, t.adminKey, agent.id);
    expect(world.vapi.assistants.has(live.external_id)).toBe(true);
    expect((await call(base, 'DELETE', `/v1/agents/${agent.id}`, { creds: { apiKey: t.adminKey } })).status).toBe(204);
    expect((await call(base, 'GET', `/v1/agents/${agent.id}`, { creds: { apiKey: t.adminKey } })).status).toBe(404);
    await until(async () => world.vapi.assistants.has(live.external_id), (present) => !present, 'the assistant to be deleted at Vapi');
    expect(world.vapi.http.find('DELETE', '/assistant/:id').at(-1)!.headers.authorization).toBe(`Bearer ${world.vapi.apiKey}`);
  });

  it('keeps retrying the vendor removal through an outage', async () => {
    const t = await vapiTenant('Patient Deleter');
    const agent = (await create(t, agentBody(elevenVoice))).body;
    const live = await publishAndWait(base, t.adminKey, agent.id);
    world.vapiSwitch.down = true;
    try {
      expect((await call(base, 'DELETE', `/v1/agents/${agent.id}`, { creds: { apiKey: t.adminKey } })).status).toBe(204);
      const path = `DELETE /assistant/${live.external_id}`;
      await until(async () => world.vapiSwitch.refused.filter((r) => r === path).length, (n) => n >= 2, 'delete attempts during the outage');
      expect(world.vapi.assistants.has(live.external_id)).toBe(true);
      expect((await call(base, 'GET', `/v1/agents/${agent.id}`, { creds: { apiKey: t.adminKey } })).status).toBe(404);
    } finally {
      world.vapiSwitch.down = false;
    }
    await until(async () => world.vapi.assistants.has(live.external_id), (present) => !present, 'the assistant to be deleted after recovery');
  });
});

describe('roles and scopes', () => {
  it('lets viewers read, members write, and refuses the rest', async () => {
    const t = await createTenant(base, 'Roles');
    const agent = (await create(t, agentBody())).body;
    const readKey = (await call(base, 'POST', '/v1/api-keys', { body: { name: 'r', scopes: ['read'] }, creds: { apiKey: t.adminKey } })).body.secret;
    expect((await call(base, 'GET', `/v1/agents/${agent.id}`, { creds: { apiKey: readKey } })).status).toBe(200);
    expect((await call(base, 'GET', `/v1/agents/${agent.id}/revisions`, { creds: { apiKey: readKey } })).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/v1/agents', agentBody()],
      ['PATCH', `/v1/agents/${agent.id}`, { name: 'x' }],
      ['POST', `/v1/agents/${agent.id}/publish`, undefined],
      ['DELETE', `/v1/agents/${agent.id}`, undefined],
    ] as const) {
      const res = await call(base, method, path, { body, creds: { apiKey: readKey } });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe('insufficient_scope');
    }

    const invite = await call(base, 'POST', '/v1/invites', { body: { email: uniqueEmail('viewer'), role: 'viewer' }, creds: { apiKey: t.adminKey } });
    const joined = await call(base, 'POST', '/v1/invites/accept', { body: { token: invite.body.token, name: 'Viewer', password: PASSWORD } });
    const viewer = { cookie: joined.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: joined.body.csrf_token };
    expect((await call(base, 'GET', '/v1/agents', { creds: viewer })).status).toBe(200);
    const refused = await call(base, 'PATCH', `/v1/agents/${agent.id}`, { body: { name: 'viewer edit' }, creds: viewer });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');

    const writeKey = (await call(base, 'POST', '/v1/api-keys', { body: { name: 'w', scopes: ['write'] }, creds: { apiKey: t.adminKey } })).body.secret;
    expect((await call(base, 'PATCH', `/v1/agents/${agent.id}`, { body: { name: 'Written' }, creds: { apiKey: writeKey } })).status).toBe(200);
    expect((await getAgent(base, t.adminKey, agent.id)).name).toBe('Written');
  });
});

describe('Vapi calls stay per org', () => {
  it("a publish uses only the publishing org's key", async () => {
    const a = await vapiTenant('Key Owner');
    const b = await createTenant(base, 'Other Key Owner');
    // B's key is accepted when saved (Vapi creates its webhook credential), then revoked at Vapi.
    world.vapi.addApiKey('vapi-key-org-b-7777');
    expect((await call(base, 'PUT', '/v1/integrations/vapi', { body: { api_key: 'vapi-key-org-b-7777' }, creds: { apiKey: b.adminKey } })).status).toBe(201);
    world.vapi.revokeApiKey('vapi-key-org-b-7777');
    const agentB = (await create(b, agentBody(elevenVoice))).body;
    const failed = await publishAndWait(base, b.adminKey, agentB.id, 'failed');
    // A refused key is not a transient failure: the job stops and says so.
    expect(failed).toMatchObject({ sync_will_retry: false, last_sync_error: { code: 'unauthorized' } });
    expect(bearerRequests(world.vapi, 'vapi-key-org-b-7777').length).toBeGreaterThanOrEqual(1);
    const agentA = (await create(a, agentBody(elevenVoice))).body;
    const synced = await publishAndWait(base, a.adminKey, agentA.id);
    const ownRequests = world.vapi.http.requests.filter((r) => r.path === `/assistant` && (r.body as { metadata?: { orgId?: string } })?.metadata?.orgId === a.orgId);
    expect(ownRequests.every((r) => r.headers.authorization === `Bearer ${world.vapi.apiKey}`)).toBe(true);
    expect(synced.external_id).toBeTruthy();
  });
});
