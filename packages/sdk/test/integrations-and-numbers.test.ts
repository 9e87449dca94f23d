import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestServer, type TestServer } from '@voxanne/core/testing';
import { startFakeElevenLabs, type FakeElevenLabs } from '@voxanne/connector-elevenlabs/testing';
import { startFakeTwilio, type FakeTwilio } from '@voxanne/connector-twilio/testing';
import { NotFoundError, ValidationError, Voxanne, VoxanneError } from '../src/index.ts';

let server: TestServer;
let eleven: FakeElevenLabs;
let twilio: FakeTwilio;
let vox: Voxanne;

beforeAll(async () => {
  eleven = await startFakeElevenLabs({ apiKey: 'xi-sdk-test-key-8765' });
  twilio = await startFakeTwilio();
  server = await startTestServer({ env: { ELEVENLABS_BASE_URL: eleven.url, TWILIO_BASE_URL: twilio.url } });
  vox = new Voxanne({ baseUrl: server.url, apiKey: (await createTenant(server.url, 'Numbers Clinic')).adminKey });
});
afterAll(async () => {
  await server?.close();
  await eleven?.close();
  await twilio?.close();
});

// Unique per run and process: numbers belong to one org across the whole (shared) database.
let sequence = 0;
const freshNumber = () => `+1555${String(process.pid % 1000).padStart(3, '0')}${String(++sequence).padStart(4, '0')}`;

describe('integrations', () => {
  it('stores, masks, replaces, lists and deletes credentials', async () => {
    const created = await vox.integrations.put('elevenlabs', { api_key: 'xi-first-key-aaaa' }).withResponse();
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ object: 'integration', provider: 'elevenlabs', last4: 'aaaa', last_test: null });
    const replaced = await vox.integrations.put('elevenlabs', { api_key: 'xi-second-key-bbbb' }).withResponse();
    expect(replaced.response.status).toBe(200);
    expect(replaced.data.last4).toBe('bbbb');
    expect(JSON.stringify(await vox.integrations.retrieve('elevenlabs'))).not.toContain('xi-second-key');

    await vox.integrations.put('twilio', { account_sid: `AC${'1'.repeat(32)}`, auth_token: 'twilio-token-9876' });
    const providers: string[] = [];
    for await (const i of vox.integrations.list()) providers.push(i.provider);
    expect(providers.sort()).toEqual(['elevenlabs', 'twilio']);

    await expect(vox.integrations.delete('twilio')).resolves.toBeUndefined();
    await expect(vox.integrations.retrieve('twilio')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a field the provider does not take', async () => {
    await expect(vox.integrations.put('openai', { webhook_secret: 'a-long-webhook-secret-value' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('tests the connection: ok with a good key, ok false with a refused one', async () => {
    await vox.integrations.put('elevenlabs', { api_key: eleven.apiKey });
    expect(await vox.integrations.test('elevenlabs')).toMatchObject({ object: 'integration_test', provider: 'elevenlabs', ok: true });
    await vox.integrations.put('elevenlabs', { api_key: 'xi-wrong-key-0000' });
    const refused = await vox.integrations.test('elevenlabs');
    expect(refused.ok).toBe(false);
    expect((await vox.integrations.retrieve('elevenlabs')).last_test).toMatchObject({ ok: false });

    await vox.integrations.put('twilio', { account_sid: twilio.accountSid, auth_token: twilio.authToken });
    expect(await vox.integrations.test('twilio')).toMatchObject({ provider: 'twilio', ok: true });
    await vox.integrations.put('twilio', { account_sid: twilio.accountSid, auth_token: 'a-token-twilio-refuses' });
    expect(await vox.integrations.test('twilio')).toMatchObject({ provider: 'twilio', ok: false });
  });
});

describe('phone numbers', () => {
  it('imports, assigns to an agent, detaches, lists and releases', async () => {
    const number = freshNumber();
    const created = await vox.phoneNumbers.create({ source: 'twilio', number, name: 'Main line' });
    expect(created).toMatchObject({ object: 'phone_number', number, source: 'twilio', voice_connector: 'simulator', agent_id: null });

    const agent = await vox.agents.create({ kind: 'inbound', name: 'Desk', system_prompt: 'Answer.', timezone: 'UTC' });
    expect(await vox.phoneNumbers.update(created.id, { agent_id: agent.id })).toMatchObject({ agent_id: agent.id });
    expect((await vox.phoneNumbers.retrieve(created.id)).agent_id).toBe(agent.id);
    expect((await vox.phoneNumbers.update(created.id, { agent_id: null })).agent_id).toBeNull();

    const listed = await vox.phoneNumbers.list().firstPage();
    expect(listed.data.map((n) => n.id)).toContain(created.id);

    await expect(vox.phoneNumbers.release(created.id)).resolves.toBeUndefined();
    await expect(vox.phoneNumbers.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('takes a number from the provider in an area code', async () => {
    const taken = await vox.phoneNumbers.create({ source: 'provider', area_code: '415' });
    expect(taken.number).toMatch(/^\+1415\d{7}$/);
    await vox.phoneNumbers.release(taken.id);
  });

  it('validates E.164 and refuses a number another org holds, with the same answer as any unavailable number', async () => {
    const bad = await vox.phoneNumbers.create({ source: 'twilio', number: '555-1234' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).errors[0]?.path).toBe('/body/number');

    const number = freshNumber();
    await vox.phoneNumbers.create({ source: 'twilio', number });
    const rival = new Voxanne({ baseUrl: server.url, apiKey: (await createTenant(server.url, 'Rival Clinic')).adminKey });
    const taken = await rival.phoneNumbers.create({ source: 'twilio', number }).catch((e: unknown) => e);
    // One answer whether another org holds it or the provider refuses it: no probing which numbers are Voxanne's.
    expect(taken).toBeInstanceOf(VoxanneError);
    expect(taken).toMatchObject({ status: 422, code: 'phone_number_unavailable' });
  });
});
