import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestServer, type TestServer } from '@voxanne/core/testing';
import { ConflictError, NotFoundError, VoxanneError, Voxanne, type Agent, type Campaign, type CampaignTarget, type DncEntry } from '../src/index.ts';
import { until } from './support/until.ts';

/**
 * Outbound against a real server: the do-not-call list, single calls (scheduled, cancelled, refused) and
 * campaigns through to completion. In embedded mode the simulator is the voice vendor and plays the callee.
 */

let server: TestServer;
let vox: Voxanne;
let agentId: string;

// Unique per run and process: numbers belong to one org across the whole (shared) database.
const base = `+1555${String(process.pid % 1000).padStart(3, '0')}`;
const phone = (n: number) => `${base}${String(n).padStart(4, '0')}`;

beforeAll(async () => {
  server = await startTestServer();
  vox = new Voxanne({ baseUrl: server.url, apiKey: (await createTenant(server.url, 'Outbound Clinic')).adminKey });
  const agent = await vox.agents.create({ kind: 'outbound', name: 'Recall', system_prompt: 'You call patients due for a cleaning.', timezone: 'UTC' });
  agentId = agent.id;
  const line = await vox.phoneNumbers.create({ source: 'provider', area_code: '415' });
  await vox.phoneNumbers.update(line.id, { agent_id: agentId });
  await vox.agents.publish(agentId);
  await until<Agent>(() => vox.agents.retrieve(agentId), (a) => a.sync_status === 'synced', 'the outbound agent to be live');
  // Quiet hours that never cover now, whatever time CI runs: a one-minute window half a day away.
  const h = (new Date().getUTCHours() + 12) % 24;
  const hh = String(h).padStart(2, '0');
  await vox.callSettings.update({ quiet_hours: { start: `${hh}:00`, end: `${hh}:01` } });
});
afterAll(async () => {
  await server?.close();
});

describe('dnc', () => {
  it('adds (idempotent by number), lists, finds by phone and removes', async () => {
    const entry = await vox.dnc.add({ phone: phone(1), reason: 'Asked not to be called' });
    expect(entry).toMatchObject({ object: 'dnc_entry', phone: phone(1), reason: 'Asked not to be called', source: 'api' });
    expect((await vox.dnc.add({ phone: phone(1) })).id).toBe(entry.id);

    const all: DncEntry[] = [];
    for await (const e of vox.dnc.list({ limit: 1 })) all.push(e);
    expect(all.map((e) => e.phone)).toEqual([phone(1)]);
    expect((await vox.dnc.list({ phone: phone(1) }).firstPage()).data.map((e) => e.id)).toEqual([entry.id]);

    await expect(vox.dnc.remove(entry.id)).resolves.toBeUndefined();
    expect((await vox.dnc.list({ phone: phone(1) }).firstPage()).data).toEqual([]);
    await expect(vox.dnc.remove(entry.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a listed number cannot be called: 422 dnc_listed', async () => {
    await vox.dnc.add({ phone: phone(2) });
    const err = await vox.calls.create({ agent_id: agentId, to: phone(2) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VoxanneError);
    expect(err).toMatchObject({ status: 422, code: 'dnc_listed' });
  });
});

describe('calls.create and cancel', () => {
  it('schedules a call for later and cancels it; cancelling again is a conflict', async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await vox.calls.create({ agent_id: agentId, to: phone(3), scheduled_at: later, metadata: { crm_id: 'abc123' } });
    expect(scheduled).toMatchObject({ object: 'call', direction: 'outbound', status: 'scheduled', to_number: phone(3), metadata: { crm_id: 'abc123' } });
    expect(Date.parse(scheduled.scheduled_at!)).toBe(Date.parse(later));

    expect(await vox.calls.cancel(scheduled.id)).toMatchObject({ id: scheduled.id, status: 'cancelled' });
    const again = await vox.calls.cancel(scheduled.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as ConflictError).code).toBe('call_not_cancellable');
  });

  it('places a call now; the simulator answers and the call ends', async () => {
    const placed = await vox.calls.create({ agent_id: agentId, to: phone(4) });
    expect(['queued', 'ringing', 'in-progress', 'ended']).toContain(placed.status);
    const ended = await until(() => vox.calls.retrieve(placed.id), (c) => c.status === 'ended' || c.status === 'failed', 'the outbound call to end');
    expect(ended.status).toBe('ended');
    expect(ended.contact_id).not.toBeNull();
  });
});

describe('campaigns', () => {
  let contactIds: string[];

  beforeAll(async () => {
    contactIds = [];
    for (const n of [10, 11, 12]) contactIds.push((await vox.contacts.create({ phone: phone(n), consent_status: 'granted', timezone: 'UTC' })).id);
  });

  it('runs to completed, with progress counts and every target completed', async () => {
    const campaign = await vox.campaigns.create({ name: 'Spring recall', agent_id: agentId, contact_ids: contactIds, max_concurrency: 2, max_attempts: 2, retry_backoff_seconds: 60 });
    expect(campaign).toMatchObject({ object: 'campaign', name: 'Spring recall', status: 'running', max_concurrency: 2, max_attempts: 2 });
    expect(campaign.progress.total).toBe(3);

    const done = await until<Campaign>(() => vox.campaigns.retrieve(campaign.id), (c) => c.status === 'completed', 'the campaign to complete', 60_000);
    expect(done.progress).toMatchObject({ total: 3, completed: 3, pending: 0, dialing: 0 });
    expect(done.completed_at).not.toBeNull();

    const targets: CampaignTarget[] = [];
    for await (const t of vox.campaigns.targets(campaign.id, { limit: 2 })) targets.push(t);
    expect(targets.map((t) => t.contact_id).sort()).toEqual([...contactIds].sort());
    expect(targets.every((t) => t.status === 'completed' && t.attempts >= 1 && t.last_call_id)).toBe(true);
    const calls = await vox.calls.list({ campaign_id: campaign.id }).firstPage();
    expect(calls.data).toHaveLength(3);

    expect((await vox.campaigns.list({ status: 'completed' }).firstPage()).data.map((c) => c.id)).toContain(campaign.id);
  });

  it('skips a contact on the do-not-call list', async () => {
    await vox.dnc.add({ phone: phone(10) });
    const campaign = await vox.campaigns.create({ name: 'With a DNC', agent_id: agentId, contact_ids: contactIds.slice(0, 2) });
    const done = await until<Campaign>(() => vox.campaigns.retrieve(campaign.id), (c) => c.status === 'completed', 'the campaign to complete', 60_000);
    expect(done.progress).toMatchObject({ total: 2, skipped: 1, completed: 1 });
    const skipped = await vox.campaigns.targets(campaign.id, { status: 'skipped_dnc' }).firstPage();
    expect(skipped.data.map((t) => t.contact_id)).toEqual([contactIds[0]]);
  });

  it('pauses, resumes and cancels; a cancelled campaign cannot resume', async () => {
    // A window that covers now keeps every target pending, so the moves are not racing the dialer.
    const h = String(new Date().getUTCHours()).padStart(2, '0');
    const next = String((new Date().getUTCHours() + 1) % 24).padStart(2, '0');
    const campaign = await vox.campaigns.create({ name: 'Night shift', agent_id: agentId, contact_ids: contactIds.slice(1), quiet_hours: { start: `${h}:00`, end: `${next}:59` } });
    expect(await vox.campaigns.pause(campaign.id)).toMatchObject({ status: 'paused' });
    expect(await vox.campaigns.resume(campaign.id)).toMatchObject({ status: 'running' });
    const cancelled = await vox.campaigns.cancel(campaign.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.progress.pending).toBe(0);
    const err = await vox.campaigns.resume(campaign.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).code).toBe('campaign_state');
  });
});
