import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestServer, type TestServer } from '@voxanne/core/testing';
import { startFakeElevenLabs, type FakeElevenLabs } from '@voxanne/connector-elevenlabs/testing';
import { NotFoundError, ValidationError, Voxanne, VoxanneError, type Agent } from '../src/index.ts';
import { until } from './support/until.ts';

let server: TestServer;
let eleven: FakeElevenLabs;
let vox: Voxanne;

beforeAll(async () => {
  // ElevenLabs is a local fake, so previews and voice lists of a real TTS vendor run offline.
  eleven = await startFakeElevenLabs({ apiKey: 'xi-sdk-test-key-4321' });
  server = await startTestServer({ env: { ELEVENLABS_BASE_URL: eleven.url, SYNC_JOB_BACKOFF_MS: '100' } });
  const tenant = await createTenant(server.url, 'Agents Clinic');
  vox = new Voxanne({ baseUrl: server.url, apiKey: tenant.adminKey });
});
afterAll(async () => {
  await server?.close();
  await eleven?.close();
});

const base = { kind: 'inbound', name: 'Front desk', system_prompt: 'You answer for Bright Smile Dental.', timezone: 'America/New_York' } as const;
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));

describe('agents', () => {
  it('creates with every field, lists across pages and retrieves', async () => {
    const full = await vox.agents.create({
      ...base,
      name: 'Evening line',
      first_message: 'Thanks for calling!',
      tools: [{ type: 'book_appointment' }, { type: 'transfer_call', destination: '+15551230000' }],
      business_hours: [{ day: 'mon', start: '08:00', end: '17:00' }],
      language: 'es-US',
      max_duration_seconds: 900,
      voicemail_message: 'Please call back.',
      after_hours: { behavior: 'transfer', transfer_to: '+15559990000' },
    });
    expect(full).toMatchObject({ object: 'agent', revision_number: 1, sync_status: 'unpublished', live_revision_id: null, language: 'es-US' });
    expect(full.tools).toEqual([{ type: 'book_appointment' }, { type: 'transfer_call', destination: '+15551230000' }]);
    const other = await vox.agents.create(base);
    expect(other.voice).toEqual({ provider: 'local', voice_id: 'local-aria' }); // the API's default

    const ids: string[] = [];
    for await (const a of vox.agents.list({ limit: 1 })) ids.push(a.id);
    expect(ids).toEqual(expect.arrayContaining([full.id, other.id]));
    expect(await vox.agents.retrieve(full.id)).toMatchObject({ id: full.id, name: 'Evening line' });
  });

  it('turns a contract violation into a ValidationError naming the field', async () => {
    const err = await vox.agents.create({ ...base, tools: [{ type: 'transfer_call' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors.map((e) => e.path)).toContain('/body/tools/0/destination');
  });

  it('writes a revision per change, lists them newest first and rolls back by copying', async () => {
    const agent = await vox.agents.create({ ...base, system_prompt: 'Original prompt.' });
    const edited = await vox.agents.update(agent.id, { system_prompt: 'Edited prompt.' });
    expect(edited).toMatchObject({ revision_number: 2, system_prompt: 'Edited prompt.' });
    // The same values again change nothing, so no revision is written.
    expect((await vox.agents.update(agent.id, { system_prompt: 'Edited prompt.' })).revision_number).toBe(2);

    const history = await vox.agents.revisions(agent.id).firstPage();
    expect(history.data.map((r) => [r.number, r.source])).toEqual([
      [2, 'update'],
      [1, 'create'],
    ]);
    const rolled = await vox.agents.rollback(agent.id, agent.revision_id);
    expect(rolled).toMatchObject({ revision_number: 3, system_prompt: 'Original prompt.' });
    const [newest] = (await vox.agents.revisions(agent.id, { limit: 1 }).firstPage()).data;
    expect(newest).toMatchObject({ number: 3, source: 'rollback', restored_from_revision_id: agent.revision_id });
  });

  it('publishes with 202 pending, then reaches synced on the simulator', async () => {
    const agent = await vox.agents.create(base);
    const accepted = await vox.agents.publish(agent.id).withResponse();
    expect(accepted.response.status).toBe(202);
    expect(accepted.data).toMatchObject({ sync_status: 'pending', pending_revision_id: agent.revision_id });
    const synced = await until<Agent>(() => vox.agents.retrieve(agent.id), (a) => a.sync_status !== 'pending', 'the sync');
    expect(synced).toMatchObject({
      sync_status: 'synced',
      live_revision_id: agent.revision_id,
      voice_connector: 'simulator',
      has_unpublished_changes: false,
      last_sync_error: null,
    });
  });

  it('deletes, after which the agent is not found', async () => {
    const agent = await vox.agents.create(base);
    await expect(vox.agents.delete(agent.id)).resolves.toBeUndefined();
    await expect(vox.agents.retrieve(agent.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('voice preview and voices', () => {
  it('returns the local voice as WAV bytes, then from the cache', async () => {
    const agent = await vox.agents.create({ ...base, first_message: 'Hello from the front desk.' });
    const first = await vox.agents.voicePreview(agent.id).withResponse();
    expect(first.data.contentType).toBe('audio/wav');
    expect(first.data.audio).toBeInstanceOf(Uint8Array);
    expect(ascii(first.data.audio, 0, 4)).toBe('RIFF');
    expect(first.response.headers.get('x-voxanne-cache')).toBe('miss');
    const again = await vox.agents.voicePreview(agent.id).withResponse();
    expect(again.response.headers.get('x-voxanne-cache')).toBe('hit');
    expect(again.data.audio).toEqual(first.data.audio);
    // Other text is other audio.
    const other = await vox.agents.voicePreview(agent.id, { text: 'A different sentence entirely.' });
    expect(other.audio.length).not.toBe(first.data.audio.length);
  });

  it('lists local voices, and says integration_missing for ElevenLabs until the key is stored', async () => {
    const local = await vox.voices.list({ provider: 'local' });
    expect(local.data.map((v) => v.id)).toContain('local-aria');
    expect(local).toMatchObject({ has_more: false, next_cursor: null });

    const agent = await vox.agents.create({ ...base, voice: { provider: 'elevenlabs', voice_id: '21m00Tcm4TlvDq8ikWAM' } });
    for (const attempt of [vox.voices.list({ provider: 'elevenlabs' }), vox.agents.voicePreview(agent.id)]) {
      const err = await attempt.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VoxanneError);
      expect(err).toMatchObject({ status: 422, code: 'integration_missing' });
    }

    await vox.integrations.put('elevenlabs', { api_key: eleven.apiKey });
    const voices = await vox.voices.list({ provider: 'elevenlabs' });
    expect(voices.data[0]).toMatchObject({ object: 'voice', provider: 'elevenlabs', id: '21m00Tcm4TlvDq8ikWAM', name: 'Rachel' });
    const mp3 = await vox.agents.voicePreview(agent.id, { text: 'Your cleaning is on Tuesday.' });
    expect(mp3.contentType).toBe('audio/mpeg');
    expect(ascii(mp3.audio, 0, 3)).toBe('ID3');
  });
});
