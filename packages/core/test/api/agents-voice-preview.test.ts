import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, type Tenant } from '../support/index.ts';
import { agentBody, startVoiceWorld, type VoiceWorld } from './voice.helpers.ts';

let world: VoiceWorld;
let base: string;

beforeAll(async () => {
  world = await startVoiceWorld();
  base = world.server.url;
});
afterAll(async () => {
  await world?.close();
});

/** Raw fetch: the answer is audio, not JSON. */
async function preview(t: Tenant, agentId: string, body?: unknown, extraHeaders: Record<string, string> = {}) {
  const res = await fetch(`${base}/v1/agents/${agentId}/voice-preview`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}), ...extraHeaders },
    body: body ? JSON.stringify(body) : undefined,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') ?? '', cache: res.headers.get('x-voxanne-cache'), bytes, text: () => new TextDecoder().decode(bytes) };
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.slice(from, to));
const ttsRequests = () => world.elevenlabs.http.find('POST', '/v1/text-to-speech/:voiceId');

async function agentWith(t: Tenant, voice: unknown) {
  const res = await call(base, 'POST', '/v1/agents', { body: agentBody({ voice }), creds: { apiKey: t.adminKey } });
  expect(res.status).toBe(201);
  return res.body;
}

describe('voice preview', () => {
  it('renders the local voice as WAV with no vendor, then serves it from the cache', async () => {
    const t = await createTenant(base, 'Local Voice');
    const agent = (await call(base, 'POST', '/v1/agents', { body: agentBody(), creds: { apiKey: t.adminKey } })).body;
    const first = await preview(t, agent.id);
    expect(first.status).toBe(200);
    expect(first.type).toBe('audio/wav');
    expect(ascii(first.bytes, 0, 4)).toBe('RIFF');
    expect(ascii(first.bytes, 8, 12)).toBe('WAVE');
    expect(first.cache).toBe('miss');
    const second = await preview(t, agent.id);
    expect(second.cache).toBe('hit');
    expect(second.bytes).toEqual(first.bytes);
  });

  it('replays the same audio bytes for a repeated Idempotency-Key', async () => {
    const t = await createTenant(base, 'Replay Voice');
    const agent = (await call(base, 'POST', '/v1/agents', { body: agentBody(), creds: { apiKey: t.adminKey } })).body;
    const headers = { 'idempotency-key': `preview-${agent.id}` };
    const first = await preview(t, agent.id, { text: 'Replay me' }, headers);
    const replay = await preview(t, agent.id, { text: 'Replay me' }, headers);
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.type).toBe(first.type);
    expect(replay.bytes.length).toBe(first.bytes.length);
    expect(Buffer.from(replay.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });

  it("synthesizes with the org's ElevenLabs key once per voice and text", async () => {
    const t = await createTenant(base, 'Eleven Voice');
    await call(base, 'PUT', '/v1/integrations/elevenlabs', { body: { api_key: world.elevenlabs.apiKey }, creds: { apiKey: t.adminKey } });
    const agent = await agentWith(t, { provider: 'elevenlabs', voice_id: 'EXAVITQu4vr4xnSDxMaL' });
    const before = ttsRequests().length;

    const first = await preview(t, agent.id, { text: 'Your cleaning is on Tuesday.' });
    expect(first.status).toBe(200);
    expect(first.type).toBe('audio/mpeg');
    expect(ascii(first.bytes, 0, 3)).toBe('ID3');
    expect(first.cache).toBe('miss');
    expect(ttsRequests().length).toBe(before + 1);
    const sent = ttsRequests().at(-1)!;
    expect(sent.headers['xi-api-key']).toBe(world.elevenlabs.apiKey);
    expect((sent.body as { text: string }).text).toBe('Your cleaning is on Tuesday.');

    const again = await preview(t, agent.id, { text: 'Your cleaning is on Tuesday.' });
    expect(again.cache).toBe('hit');
    expect(again.bytes).toEqual(first.bytes);
    expect(ttsRequests().length).toBe(before + 1);

    const other = await preview(t, agent.id, { text: 'See you soon.' });
    expect(other.cache).toBe('miss');
    expect(ttsRequests().length).toBe(before + 2);

    // The cache is per org: the same voice and text in another org is synthesized with that org's key.
    const u = await createTenant(base, 'Second Eleven');
    await call(base, 'PUT', '/v1/integrations/elevenlabs', { body: { api_key: world.elevenlabs.apiKey }, creds: { apiKey: u.adminKey } });
    const theirs = await agentWith(u, { provider: 'elevenlabs', voice_id: 'EXAVITQu4vr4xnSDxMaL' });
    expect((await preview(u, theirs.id, { text: 'See you soon.' })).cache).toBe('miss');
  });

  it('uses OpenAI voices through the OpenAI integration', async () => {
    const t = await createTenant(base, 'OpenAI Voice');
    await call(base, 'PUT', '/v1/integrations/openai', { body: { api_key: world.openai.apiKey }, creds: { apiKey: t.adminKey } });
    const agent = await agentWith(t, { provider: 'openai', voice_id: 'nova' });
    const res = await preview(t, agent.id);
    expect(res.status).toBe(200);
    expect(res.type).toBe('audio/mpeg');
    const sent = world.openai.http.find('POST', '/v1/audio/speech').at(-1)!;
    expect(sent.body).toMatchObject({ voice: 'nova', input: agentBody().first_message });
  });

  it('answers 422 integration_missing without the provider credentials', async () => {
    const t = await createTenant(base, 'No Eleven');
    const agent = await agentWith(t, { provider: 'elevenlabs', voice_id: 'EXAVITQu4vr4xnSDxMaL' });
    const res = await preview(t, agent.id);
    expect(res.status).toBe(422);
    expect(res.type).toContain('application/problem+json');
    expect(JSON.parse(res.text())).toMatchObject({ code: 'integration_missing', provider: 'elevenlabs' });
  });

  it('answers a vendor outage with a 502 problem and caches nothing', async () => {
    const t = await createTenant(base, 'Eleven Outage');
    await call(base, 'PUT', '/v1/integrations/elevenlabs', { body: { api_key: world.elevenlabs.apiKey }, creds: { apiKey: t.adminKey } });
    const agent = await agentWith(t, { provider: 'elevenlabs', voice_id: 'EXAVITQu4vr4xnSDxMaL' });
    // Every attempt of one request (CONNECTOR_MAX_ATTEMPTS, default 3) fails.
    world.elevenlabs.failNext(503, 3);
    const down = await preview(t, agent.id, { text: 'Outage text.' });
    expect(down.status).toBe(502);
    expect(down.type).toContain('application/problem+json');
    expect(JSON.parse(down.text())).toMatchObject({ code: 'vendor_unavailable', connector: 'elevenlabs' });
    const up = await preview(t, agent.id, { text: 'Outage text.' });
    expect(up.status).toBe(200);
    expect(up.cache).toBe('miss');
  });

  it('refuses unknown voices and empty text with problems', async () => {
    const t = await createTenant(base, 'Picky Voice');
    const agent = await agentWith(t, { provider: 'local', voice_id: 'local-nobody' });
    const res = await preview(t, agent.id);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text()).code).toBe('vendor_not_found');
    const empty = await preview(t, agent.id, { text: '' });
    expect(empty.status).toBe(400);
  });
});

describe('voice lists', () => {
  it('lists local voices without credentials and ElevenLabs voices with them', async () => {
    const t = await createTenant(base, 'Voice Picker');
    const local = await call(base, 'GET', '/v1/voices?provider=local', { creds: { apiKey: t.adminKey } });
    expect(local.status).toBe(200);
    expect(local.body.data.map((v: { id: string }) => v.id)).toContain('local-aria');
    const missing = await call(base, 'GET', '/v1/voices?provider=elevenlabs', { creds: { apiKey: t.adminKey } });
    expect(missing.status).toBe(422);
    await call(base, 'PUT', '/v1/integrations/elevenlabs', { body: { api_key: world.elevenlabs.apiKey }, creds: { apiKey: t.adminKey } });
    const eleven = await call(base, 'GET', '/v1/voices?provider=elevenlabs', { creds: { apiKey: t.adminKey } });
    expect(eleven.status).toBe(200);
    expect(eleven.body.data[0]).toMatchObject({ object: 'voice', provider: 'elevenlabs', id: '21m00Tcm4TlvDq8ikWAM', name: 'Rachel', language: 'en' });
  });
});

describe('OpenAI voices that Vapi plays only with realtime models', () => {
  const REALTIME_ONLY = ['ash', 'ballad', 'coral', 'sage', 'verse'];
  const REALTIME_MODEL = { provider: 'openai', model: 'gpt-realtime-2025-08-28' };

  it("are marked in the catalogue, and left out when it is asked for a non-realtime agent model", async () => {
    const t = await createTenant(base, 'Realtime Voices');
    await call(base, 'PUT', '/v1/integrations/openai', { body: { api_key: world.openai.apiKey }, creds: { apiKey: t.adminKey } });
    const all = await call(base, 'GET', '/v1/voices?provider=openai', { creds: { apiKey: t.adminKey } });
    expect(all.status).toBe(200);
    const flags = Object.fromEntries(all.body.data.map((v: { id: string; realtime_only: boolean }) => [v.id, v.realtime_only]));
    expect(flags).toMatchObject({ alloy: false, nova: false, coral: true, ash: true, sage: true });
    for (const [id, only] of Object.entries(flags)) expect(only, id).toBe(REALTIME_ONLY.includes(id));

    const forGpt4o = await call(base, 'GET', '/v1/voices?provider=openai&model=gpt-4o', { creds: { apiKey: t.adminKey } });
    const ids = forGpt4o.body.data.map((v: { id: string }) => v.id);
    expect(ids).toContain('alloy');
    for (const id of REALTIME_ONLY) expect(ids).not.toContain(id);
    const forRealtime = await call(base, 'GET', `/v1/voices?provider=openai&model=${REALTIME_MODEL.model}`, { creds: { apiKey: t.adminKey } });
    expect(forRealtime.body.data.map((v: { id: string }) => v.id)).toContain('coral');
  });

  it('are refused with 422 on an agent whose model is not realtime, and accepted on a realtime one', async () => {
    const t = await createTenant(base, 'Realtime Agent');
    const refused = await call(base, 'POST', '/v1/agents', { body: agentBody({ voice: { provider: 'openai', voice_id: 'coral' } }), creds: { apiKey: t.adminKey } });
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.code).toBe('voice_needs_realtime_model');
    expect(refused.body.detail).toMatch(/coral.*realtime/);
    expect((await call(base, 'GET', '/v1/agents', { creds: { apiKey: t.adminKey } })).body.data).toEqual([]);

    const ok = await call(base, 'POST', '/v1/agents', { body: agentBody({ voice: { provider: 'openai', voice_id: 'coral' }, model: REALTIME_MODEL }), creds: { apiKey: t.adminKey } });
    expect(ok.status).toBe(201);
    const downgrade = await call(base, 'PATCH', `/v1/agents/${ok.body.id}`, { body: { model: { provider: 'openai', model: 'gpt-4o' } }, creds: { apiKey: t.adminKey } });
    expect(downgrade.status).toBe(422);
    expect(downgrade.body.code).toBe('voice_needs_realtime_model');
    expect((await call(base, 'GET', `/v1/agents/${ok.body.id}`, { creds: { apiKey: t.adminKey } })).body.model).toEqual(REALTIME_MODEL);
  });
});
