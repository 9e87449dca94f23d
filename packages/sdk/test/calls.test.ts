import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestServer, type TestServer } from '@voxanne/core/testing';
import { ConflictError, NotFoundError, PermissionError, Voxanne, type Call, type CallListItem, type Contact } from '../src/index.ts';
import { until } from './support/until.ts';

/**
 * Calls, test calls, contacts and call settings against a real server. Test calls run on the simulator,
 * which plays the caller through the org's own signed webhook, so everything here is the production path.
 */

const NY = 'America/New_York';
const ALL_DAY = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, start: '09:00', end: '17:00' }));
const CALLER = '+15555550171';
const DOB = '04/12/1985';
const SCRIPT = ["Hi, I'd like to book a cleaning next Tuesday morning", 'The first one works, my name is Jane Doe', "That's all, bye"];

let server: TestServer;
let vox: Voxanne;
let live: Voxanne;
let agentId: string;
let booked: Call;

beforeAll(async () => {
  server = await startTestServer();
  const tenant = await createTenant(server.url, 'Calls Clinic');
  // A test call is test data (livemode false): only a client in test mode sees it. Configuration is shared.
  vox = new Voxanne({ baseUrl: server.url, apiKey: tenant.adminKey, mode: 'test' });
  live = new Voxanne({ baseUrl: server.url, apiKey: tenant.adminKey });
  const location = await vox.locations.create({ name: 'Downtown', timezone: NY });
  const resource = await vox.resources.create({ location_id: location.id, kind: 'practitioner', name: 'Dr. Who', weekly_hours: ALL_DAY });
  await vox.services.create({ location_id: location.id, name: 'Cleaning', duration_minutes: 30, resource_ids: [resource.id] });
  const agent = await vox.agents.create({
    kind: 'inbound',
    name: 'Front desk',
    system_prompt: 'You answer the phone for Bright Smile Dental.',
    first_message: 'Thanks for calling Bright Smile, how can I help?',
    tools: [{ type: 'check_availability' }, { type: 'book_appointment' }],
    timezone: NY,
  });
  agentId = agent.id;
});
afterAll(async () => {
  await server?.close();
});

describe('testCalls and calls', () => {
  it('runs a test call to the end: transcript, tool calls, booking outcome and analysis', async () => {
    const created = await vox.testCalls.create({ agent_id: agentId, caller_turns: SCRIPT, caller_number: CALLER }).withResponse();
    expect(created.response.status).toBe(201);
    booked = created.data;
    expect(booked).toMatchObject({ object: 'call', direction: 'inbound', status: 'ended', test_mode: true, agent_id: agentId, outcome: 'booked', analysis_status: 'completed' });
    expect(booked.transcript.filter((t) => t.role === 'caller')).toHaveLength(SCRIPT.length);
    expect(booked.tool_calls.map((t) => [t.name, t.ok])).toEqual([
      ['check_availability', true],
      ['book_appointment', true],
    ]);
    expect(booked.analysis).toMatchObject({ intent: 'book_appointment' });
    expect(booked.analysis!.lead_reasons.length).toBeGreaterThan(0);
    // Tool arguments are redacted before storage: the caller's number is on the record, not in what the agent sent.
    expect(JSON.stringify(booked.tool_calls)).not.toContain(CALLER);
    expect(booked.has_original_transcript).toBe(false);
    expect(booked.livemode).toBe(false);
  });

  it('a test call and its contact are invisible to the same key in live mode', async () => {
    await expect(live.calls.retrieve(booked.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(live.contacts.retrieve(booked.contact_id!)).rejects.toBeInstanceOf(NotFoundError);
    expect((await live.calls.list({ agent_id: agentId }).firstPage()).data).toEqual([]);
  });

  it('retrieves the call and lists it with filters, across pages with for await', async () => {
    expect(await vox.calls.retrieve(booked.id)).toMatchObject({ id: booked.id, outcome: 'booked', contact_id: booked.contact_id });
    const hits: CallListItem[] = [];
    for await (const c of vox.calls.list({ agent_id: agentId, outcome: 'booked', limit: 1 })) hits.push(c);
    expect(hits.map((c) => c.id)).toContain(booked.id);
    expect(hits.every((c) => c.outcome === 'booked')).toBe(true);
    const outbound = await vox.calls.list({ direction: 'outbound' }).firstPage();
    expect(outbound.data.map((c) => c.id)).not.toContain(booked.id);
    const later = await vox.calls.list({ created_after: new Date(Date.now() + 60_000).toISOString() }).firstPage();
    expect(later.data).toEqual([]);
  });

  it('with wait:false answers 202 at once, and retrieve shows the call growing until it ends', async () => {
    const started = await vox.testCalls.create({ agent_id: agentId, caller_turns: ['Can I book a cleaning on Friday?', 'No thanks, bye'], wait: false }).withResponse();
    expect(started.response.status).toBe(202);
    expect(started.data.status).not.toBe('ended');
    const done = await until(
      () => vox.calls.retrieve(started.data.id),
      (c) => c.status === 'ended' && c.analysis_status !== 'pending',
      'the live test call to end',
    );
    expect(done.transcript.length).toBeGreaterThan(started.data.transcript.length);
    expect(done.tool_calls.map((t) => t.name)).toContain('check_availability');
  });

  it('re-runs the analysis on demand', async () => {
    const again = await vox.calls.analyze(booked.id);
    expect(again.id).toBe(booked.id);
    expect(Date.parse(again.analysis!.analyzed_at)).toBeGreaterThan(Date.parse(booked.analysis!.analyzed_at));
  });

  it('a call that does not exist is a NotFoundError', async () => {
    await expect(vox.calls.retrieve('cll_00000000000000000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('callSettings and the original transcript', () => {
  it('has defaults until changed, then keeps what an admin sets', async () => {
    const defaults = await vox.callSettings.retrieve();
    expect(defaults).toMatchObject({ object: 'call_settings', keep_original_transcripts: false, updated_at: null });
    const changed = await vox.callSettings.update({ keep_original_transcripts: true, outbound_concurrency: 3, quiet_hours: { start: '20:00', end: '08:30' } });
    expect(changed).toMatchObject({ keep_original_transcripts: true, outbound_concurrency: 3, quiet_hours: { start: '20:00', end: '08:30' } });
    expect(changed.updated_at).not.toBeNull();
    expect(await vox.callSettings.retrieve()).toMatchObject({ outbound_concurrency: 3 });
  });

  it('no original of a call made before: NotFoundError original_not_kept', async () => {
    const err = await vox.calls.originalTranscript(booked.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe('original_not_kept');
  });

  it('keeps the original of a new call for admins, while the record stays redacted', async () => {
    const kept = await vox.testCalls.create({ agent_id: agentId, caller_turns: [`My date of birth is ${DOB}, can I book a cleaning?`, 'Bye'], caller_number: '+15555550172' });
    expect(kept.has_original_transcript).toBe(true);
    // Redacted before storage: the date of birth is in no field of the record.
    expect(JSON.stringify(kept)).not.toContain(DOB);
    const original = await vox.calls.originalTranscript(kept.id);
    expect(original.call_id).toBe(kept.id);
    expect(original.transcript.map((t) => t.text).join('\n')).toContain(DOB);
  });

  it('refuses the original and settings changes to a read-only key', async () => {
    const readKey = await vox.apiKeys.create({ name: 'reader', scopes: ['read'] });
    const reader = new Voxanne({ baseUrl: server.url, apiKey: readKey.secret, mode: 'test' });
    await expect(reader.callSettings.update({ outbound_concurrency: 9 })).rejects.toBeInstanceOf(PermissionError);
    expect((await reader.calls.retrieve(booked.id)).id).toBe(booked.id);
  });
});

describe('contacts', () => {
  it('the caller became a contact, scored from the call, with its call history', async () => {
    const contact = await vox.contacts.retrieve(booked.contact_id!);
    expect(contact).toMatchObject({ object: 'contact', phone: CALLER, lead_score: booked.lead_score });
    expect(contact.call_count).toBeGreaterThanOrEqual(1);
    expect(contact.recent_calls.map((c) => c.id)).toContain(booked.id);
  });

  it('creates, refuses a duplicate number, updates tags and consent, and filters', async () => {
    const cold = await vox.contacts.create({ phone: '+15555550180', name: 'Cold Lead', timezone: 'Europe/Berlin', tags: ['recall'] });
    expect(cold).toMatchObject({ object: 'contact', name: 'Cold Lead', tags: ['recall'], consent_status: 'unknown', lead_score: null, call_count: 0 });
    const dup = await vox.contacts.create({ phone: '+15555550180' }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ConflictError);
    expect((dup as ConflictError).code).toBe('contact_exists');

    const updated = await vox.contacts.update(cold.id, { tags: ['recall', 'vip'], consent_status: 'granted', name: 'Warm Lead' });
    expect(updated).toMatchObject({ name: 'Warm Lead', tags: ['recall', 'vip'], consent_status: 'granted' });
    expect(updated.consent_updated_at).not.toBeNull();

    const vip = await vox.contacts.list({ tag: 'vip' }).firstPage();
    expect(vip.data.map((c) => c.id)).toEqual([cold.id]);
    const granted = await vox.contacts.list({ consent_status: 'granted' }).firstPage();
    expect(granted.data.map((c) => c.id)).toContain(cold.id);
    const byPhone = await vox.contacts.list({ phone: CALLER }).firstPage();
    expect(byPhone.data.map((c) => c.id)).toEqual([booked.contact_id]);
  });

  it('sorts by lead score, hottest first, and iterates every page', async () => {
    const leads: Contact[] = [];
    for await (const c of vox.contacts.list({ sort: 'lead_score', limit: 1 })) leads.push(c);
    expect(leads.length).toBeGreaterThanOrEqual(3);
    expect(new Set(leads.map((c) => c.id)).size).toBe(leads.length);
    const scores = leads.map((c) => c.lead_score).filter((s): s is number => s !== null);
    expect(scores.length).toBeGreaterThanOrEqual(2);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The contact added by hand has no calls and no score: it comes after every scored one.
    const firstUnscored = leads.findIndex((c) => c.lead_score === null);
    expect(firstUnscored).toBe(scores.length);
  });
});
