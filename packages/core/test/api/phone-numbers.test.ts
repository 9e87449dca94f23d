import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, PASSWORD, uniqueEmail, type Tenant } from '../support/index.ts';
import { agentBody, publishAndWait, startVoiceWorld, type VoiceWorld } from './voice.helpers.ts';

let world: VoiceWorld;
let base: string;

beforeAll(async () => {
  world = await startVoiceWorld();
  base = world.server.url;
});
afterAll(async () => {
  await world?.close();
});

let sequence = 0;
/** A fresh, valid US number per call, so tests never collide with each other's numbers. */
const freshNumber = () => `+1555${String(process.pid % 1000).padStart(3, '0')}${String(++sequence).padStart(4, '0')}`;

const importNumber = (t: Tenant, number: string, extra: Record<string, unknown> = {}) =>
  call(base, 'POST', '/v1/phone-numbers', { body: { source: 'twilio', number, ...extra }, creds: { apiKey: t.adminKey } });
const list = async (t: Tenant) => (await call(base, 'GET', '/v1/phone-numbers?limit=100', { creds: { apiKey: t.adminKey } })).body.data;
const TWILIO = { account_sid: `AC${'1'.repeat(32)}`, auth_token: 'twilio-auth-token-5678' };

async function vapiTenant(name: string, opts: { twilio?: boolean } = {}) {
  const t = await createTenant(base, name);
  await call(base, 'PUT', '/v1/integrations/vapi', { body: { api_key: world.vapi.apiKey }, creds: { apiKey: t.adminKey } });
  if (opts.twilio !== false) await call(base, 'PUT', '/v1/integrations/twilio', { body: TWILIO, creds: { apiKey: t.adminKey } });
  return t;
}

describe('importing numbers', () => {
  it('validates E.164 at the edge and writes nothing for bad input', async () => {
    const t = await createTenant(base, 'Strict Numbers');
    for (const bad of ['5551234567', '+0155512345', '+1 555 123 4567', '+1555123456789012', 'tel:+15551234567']) {
      const res = await importNumber(t, bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors[0].path).toBe('/body/number');
    }
    const noNumber = await call(base, 'POST', '/v1/phone-numbers', { body: { source: 'twilio' }, creds: { apiKey: t.adminKey } });
    expect(noNumber.status).toBe(400);
    const numberForProvider = await call(base, 'POST', '/v1/phone-numbers', { body: { source: 'provider', number: freshNumber() }, creds: { apiKey: t.adminKey } });
    expect(numberForProvider.status).toBe(400);
    expect(await list(t)).toEqual([]);
  });

  it('imports into the simulator offline, and a number belongs to exactly one org', async () => {
    const a = await createTenant(base, 'Number Owner');
    const b = await createTenant(base, 'Number Thief');
    const number = freshNumber();
    const created = await importNumber(a, number, { name: 'Main line' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'phone_number', number, source: 'twilio', voice_connector: 'simulator', status: 'active', name: 'Main line', agent_id: null });
    expect(created.body.id).toMatch(/^num_/);

    // Another org's number is refused like any number this org does not control (issue #10 item 11).
    const taken = await importNumber(b, number);
    expect(taken.status).toBe(422);
    expect(taken.body.code).toBe('phone_number_unavailable');
    expect(taken.body.detail).not.toContain(a.orgId);
    // Inside one org a duplicate may say so.
    const again = await importNumber(a, number);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('phone_number_exists');
    expect(await list(b)).toEqual([]);

    // Released, it is free for anyone.
    expect((await call(base, 'DELETE', `/v1/phone-numbers/${created.body.id}`, { creds: { apiKey: a.adminKey } })).status).toBe(204);
    expect((await importNumber(b, number)).status).toBe(201);
  });

  it("imports into Vapi with the org's Twilio credentials, or says they are missing", async () => {
    const noTwilio = await vapiTenant('Vapi No Twilio', { twilio: false });
    const missing = await importNumber(noTwilio, freshNumber());
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ code: 'integration_missing', provider: 'twilio' });
    expect(await list(noTwilio)).toEqual([]);

    const t = await vapiTenant('Vapi With Twilio');
    const number = freshNumber();
    const created = await importNumber(t, number);
    expect(created.status).toBe(201);
    expect(created.body.voice_connector).toBe('vapi');
    const atVapi = world.vapi.phoneNumbers.get(created.body.external_id)!;
    expect(atVapi).toMatchObject({ provider: 'twilio', number, twilioAccountSid: TWILIO.account_sid, server: { url: `${world.server.config.publicUrl}/v1/voice/webhooks/${t.orgId}` } });
    const sent = world.vapi.http.find('POST', '/phone-number').at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${world.vapi.apiKey}`);
    expect(JSON.stringify(created.body)).not.toContain(TWILIO.auth_token);
  });

  it("keeps the number's SMS webhook with us: Vapi is told smsEnabled false, so STOP/C/R replies reach our Twilio webhook", async () => {
    const t = await vapiTenant('Sms Stays Ours');
    const created = await importNumber(t, freshNumber());
    expect(created.status).toBe(201);
    const sent = world.vapi.http.find('POST', '/phone-number').at(-1)!;
    expect((sent.body as { smsEnabled?: unknown }).smsEnabled).toBe(false);
    // The fake defaults the field to true like Vapi does, so this is what Vapi stored, not an echo of nothing.
    expect(world.vapi.phoneNumbers.get(created.body.external_id)!.smsEnabled).toBe(false);
  });

  it("answers a number another org holds exactly like a number the vendor refuses, saying nothing of the other org", async () => {
    const holder = await createTenant(base, 'Number Holder');
    const held = freshNumber();
    expect((await importNumber(holder, held)).status).toBe(201);
    // A number the org's Vapi account will not import (Vapi: 400 "Number Already Exists.").
    const refusedAtVendor = freshNumber();
    world.vapi.phoneNumbers.set('pn_elsewhere', { id: 'pn_elsewhere', orgId: 'vapi-org-elsewhere', provider: 'twilio', number: refusedAtVendor });

    const prober = await vapiTenant('Number Prober');
    const simProber = await createTenant(base, 'Sim Prober');
    const asked = [held, refusedAtVendor, held];
    const answers = [await importNumber(prober, held), await importNumber(prober, refusedAtVendor), await importNumber(simProber, held)];
    // Everything but the request id and the echo of the number asked for is the same.
    const shape = (r: (typeof answers)[number]) => ({
      status: r.status,
      contentType: r.contentType,
      body: { ...r.body, request_id: undefined, detail: String(r.body.detail).replace(asked[answers.indexOf(r)]!, '<number>') },
    });
    expect(shape(answers[0]!)).toEqual(shape(answers[1]!));
    expect(shape(answers[2]!)).toEqual(shape(answers[1]!));
    expect(answers[1]!.status).toBe(422);
    expect(answers[1]!.body.code).toBe('phone_number_unavailable');
    for (const r of answers) {
      expect(JSON.stringify(r.body)).not.toMatch(/exist|taken|another org|belongs/i);
      expect(JSON.stringify(r.body)).not.toContain(holder.orgId);
    }
    expect(await list(prober)).toEqual([]);
    expect(await list(simProber)).toEqual([]);
  });

  it('takes a number from the provider', async () => {
    const t = await vapiTenant('Provider Numbers');
    const res = await call(base, 'POST', '/v1/phone-numbers', { body: { source: 'provider', area_code: '415' }, creds: { apiKey: t.adminKey } });
    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^\+1415\d{7}$/);
    expect(world.vapi.phoneNumbers.get(res.body.external_id)).toMatchObject({ provider: 'vapi', number: res.body.number });
  });

  it('leaves nothing behind when the vendor refuses or is down', async () => {
    const t = await vapiTenant('Vendor Trouble');
    world.vapiSwitch.down = true;
    try {
      const res = await importNumber(t, freshNumber());
      expect([502, 503]).toContain(res.status);
      expect(['vendor_unavailable', 'circuit_open']).toContain(res.body.code);
    } finally {
      world.vapiSwitch.down = false;
    }
    expect(await list(t)).toEqual([]);
  });
});

describe('assigning numbers to agents', () => {
  it('attaches at the vendor for a live agent, detaches on null, and attaches on publish otherwise', async () => {
    const t = await vapiTenant('Assigner');
    const voice = { provider: 'elevenlabs', voice_id: '21m00Tcm4TlvDq8ikWAM' };
    const live = (await call(base, 'POST', '/v1/agents', { body: agentBody({ voice }), creds: { apiKey: t.adminKey } })).body;
    const synced = await publishAndWait(base, t.adminKey, live.id);
    const number = (await importNumber(t, freshNumber())).body;

    const assigned = await call(base, 'PATCH', `/v1/phone-numbers/${number.id}`, { body: { agent_id: live.id }, creds: { apiKey: t.adminKey } });
    expect(assigned.status).toBe(200);
    expect(assigned.body.agent_id).toBe(live.id);
    expect(world.vapi.phoneNumbers.get(number.external_id)!.assistantId).toBe(synced.external_id);

    const detached = await call(base, 'PATCH', `/v1/phone-numbers/${number.id}`, { body: { agent_id: null }, creds: { apiKey: t.adminKey } });
    expect(detached.body.agent_id).toBeNull();
    expect(world.vapi.phoneNumbers.get(number.external_id)!.assistantId).toBeNull();

    // An agent not yet on Vapi gets the number when it is published.
    const draft = (await call(base, 'POST', '/v1/agents', { body: agentBody({ voice, name: 'Evening line' }), creds: { apiKey: t.adminKey } })).body;
    await call(base, 'PATCH', `/v1/phone-numbers/${number.id}`, { body: { agent_id: draft.id }, creds: { apiKey: t.adminKey } });
    expect(world.vapi.phoneNumbers.get(number.external_id)!.assistantId).toBeNull();
    const published = await publishAndWait(base, t.adminKey, draft.id);
    expect(world.vapi.phoneNumbers.get(number.external_id)!.assistantId).toBe(published.external_id);

    // Deleting the agent detaches the number.
    expect((await call(base, 'DELETE', `/v1/agents/${draft.id}`, { creds: { apiKey: t.adminKey } })).status).toBe(204);
    expect((await call(base, 'GET', `/v1/phone-numbers/${number.id}`, { creds: { apiKey: t.adminKey } })).body.agent_id).toBeNull();
  });

  it('changes nothing when the vendor is down, and refuses unknown agents', async () => {
    const t = await vapiTenant('Assign Outage');
    const agent = (await call(base, 'POST', '/v1/agents', { body: agentBody({ voice: { provider: 'openai', voice_id: 'alloy' } }), creds: { apiKey: t.adminKey } })).body;
    await publishAndWait(base, t.adminKey, agent.id);
    const number = (await importNumber(t, freshNumber())).body;
    world.vapiSwitch.down = true;
    try {
      const res = await call(base, 'PATCH', `/v1/phone-numbers/${number.id}`, { body: { agent_id: agent.id }, creds: { apiKey: t.adminKey } });
      expect([502, 503]).toContain(res.status);
      expect(res.contentType).toContain('application/problem+json');
    } finally {
      world.vapiSwitch.down = false;
    }
    expect((await call(base, 'GET', `/v1/phone-numbers/${number.id}`, { creds: { apiKey: t.adminKey } })).body.agent_id).toBeNull();
    const unknown = await call(base, 'PATCH', `/v1/phone-numbers/${number.id}`, { body: { agent_id: 'agt_01J00000000000000000000000' }, creds: { apiKey: t.adminKey } });
    expect(unknown.status).toBe(404);
  });

  it('releases at the vendor', async () => {
    const t = await vapiTenant('Releaser');
    const number = (await importNumber(t, freshNumber())).body;
    expect(world.vapi.phoneNumbers.has(number.external_id)).toBe(true);
    expect((await call(base, 'DELETE', `/v1/phone-numbers/${number.id}`, { creds: { apiKey: t.adminKey } })).status).toBe(204);
    expect(world.vapi.phoneNumbers.has(number.external_id)).toBe(false);
    expect((await call(base, 'GET', `/v1/phone-numbers/${number.id}`, { creds: { apiKey: t.adminKey } })).status).toBe(404);
    const audit = await call(base, 'GET', '/v1/audit-events?action=phone_number.', { creds: { apiKey: t.adminKey } });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['phone_number.released', 'phone_number.created']);
  });
});

describe('roles and scopes', () => {
  it('members assign, only admins import and release, read keys only read', async () => {
    const t = await createTenant(base, 'Number Roles');
    const number = (await importNumber(t, freshNumber())).body;
    const readKey = (await call(base, 'POST', '/v1/api-keys', { body: { name: 'r', scopes: ['read'] }, creds: { apiKey: t.adminKey } })).body.secret;
    expect((await call(base, 'GET', '/v1/phone-numbers', { creds: { apiKey: readKey } })).status).toBe(200);
    const patchRead = await call(base, 'PATCH', `/v1/phone-numbers/${number.id}`, { body: { name: 'x' }, creds: { apiKey: readKey } });
    expect(patchRead.status).toBe(403);
    expect(patchRead.body.code).toBe('insufficient_scope');

    const invite = await call(base, 'POST', '/v1/invites', { body: { email: uniqueEmail('member'), role: 'member' }, creds: { apiKey: t.adminKey } });
    const joined = await call(base, 'POST', '/v1/invites/accept', { body: { token: invite.body.token, name: 'Member', password: PASSWORD } });
    const member = { cookie: joined.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: joined.body.csrf_token };
    expect((await call(base, 'PATCH', `/v1/phone-numbers/${number.id}`, { body: { name: 'Front line' }, creds: member })).status).toBe(200);
    const importing = await call(base, 'POST', '/v1/phone-numbers', { body: { source: 'twilio', number: freshNumber() }, creds: member });
    expect(importing.status).toBe(403);
    expect(importing.body.code).toBe('forbidden');
    expect((await call(base, 'DELETE', `/v1/phone-numbers/${number.id}`, { creds: member })).status).toBe(403);
    expect(await list(t)).toHaveLength(1);
  });
});
