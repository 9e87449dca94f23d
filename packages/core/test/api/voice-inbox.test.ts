import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, type Tenant, type TestServer } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { newId } from '../../src/platform/ids.ts';
import { createBullQueue } from '../../src/platform/queue/index.ts';
import { decryptOriginal } from '../../src/modules/calls/original.ts';
import { processVoiceInbox } from '../../src/modules/calls/inbox-job.ts';
import { sweepVoiceInbox } from '../../src/modules/calls/inbox-sweeper.ts';
import { encryptInboxPayload } from '../../src/modules/calls/inbox.ts';
import { encodeVapiServerMessage, sendServerMessage } from '@voxanne/connector-vapi/testing';
import { callByRef, callRef, json, deliver, drained, eventsOf, report, until, unprocessed, vapiBody } from '../calls/voice-inbox.support.ts';

let server: TestServer;
let t: Tenant;
let n = 0;
/** A vendor call id no other test uses. */
const nextRef = (tag: string) => `vapi-${tag}-${++n}-${Date.now()}`;

beforeAll(async () => {
  server = await startTestServer();
  t = await createTenant(server.url, 'Inbox Clinic');
});
afterAll(async () => {
  await server?.close();
});

const knex = () => server.platform.knex;
const scoped = <T>(fn: Parameters<typeof inScope<T>>[2]) => inScope(knex(), { orgId: t.orgId }, fn);

describe('voice inbox: duplicates', () => {
  it('processes a twice-delivered end-of-call-report once, whatever its bytes', async () => {
    const ref = nextRef('dup');
    const event = report(callRef(ref, '+15550102001'));
    const first = await deliver(server.platform, t.orgId, vapiBody(event));
    // Vapi's second delivery need not be byte-identical: the legacy layout carries the same report.
    const second = await deliver(server.platform, t.orgId, vapiBody(event, true));
    const [third, fourth] = await Promise.all([deliver(server.platform, t.orgId, vapiBody(event)), deliver(server.platform, t.orgId, vapiBody(event))]);
    expect(first).toEqual({ inboxId: expect.stringMatching(/^vin_/), duplicate: false });
    for (const r of [second, third, fourth]) expect(r).toEqual({ inboxId: null, duplicate: true });
    await drained(knex(), t.orgId);

    // A re-run of the job (a crash after commit, a stray duplicate job) changes nothing either.
    await processVoiceInbox(server.platform, t.orgId, first.inboxId!);

    const row = await callByRef(knex(), t.orgId, ref);
    expect(row).toMatchObject({ status: 'ended', outcome: 'information', ended_reason: 'customer-ended-call', analysis_status: expect.stringMatching(/pending|completed|none|failed/) });
    const ended = (await eventsOf(knex(), t.orgId, 'call.ended')).filter((e) => e.call_id === row.id);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toEqual({
      call_id: row.id,
      agent_id: null,
      contact_id: row.contact_id,
      direction: 'inbound',
      outcome: 'information',
      duration_seconds: 95,
      ended_reason: 'customer-ended-call',
      summary: 'Caller asked about Saturday walk-ins.',
    });
    const started = (await eventsOf(knex(), t.orgId, 'call.started')).filter((e) => e.call_id === row.id);
    expect(started).toHaveLength(1);
    const timeline = await scoped((tx) => tx('call_events').where({ call_id: row.id }).orderBy('id').pluck('type'));
    expect(timeline.filter((x: string) => x === 'ended')).toHaveLength(1);
    const inbox = await scoped((tx) => tx('voice_inbox').where({ external_call_id: ref }).select('processed_at', 'payload_enc', 'attempts', 'last_error'));
    expect(inbox).toEqual([{ processed_at: expect.any(Date), payload_enc: null, attempts: 1, last_error: null }]);
  });

  it('through the signed webhook: a redelivered report is acknowledged and stored once', async () => {
    const ref = nextRef('http');
    const body = encodeVapiServerMessage(report(callRef(ref, '+15550102007')));
    const secret = await server.platform.connectors.webhookSecret(t.orgId);
    const url = `${server.url}/v1/voice/webhooks/${t.orgId}`;
    const answers = await Promise.all([sendServerMessage(url, body, secret), sendServerMessage(url, body, secret)]);
    expect(answers).toEqual([{ status: 200, body: { received: true } }, { status: 200, body: { received: true } }]);
    await drained(knex(), t.orgId);
    expect(Number((await scoped((tx) => tx('voice_inbox').where({ external_call_id: ref }).count<{ n: string }[]>({ n: '*' })))[0]!.n)).toBe(1);
    const row = await callByRef(knex(), t.orgId, ref);
    expect((await eventsOf(knex(), t.orgId, 'call.ended')).filter((e) => e.call_id === row.id)).toHaveLength(1);
  });

  it('stores the report as the call record: transcript turns, cost, recording, contact', async () => {
    const ref = nextRef('record');
    const event = report(callRef(ref, '+15550102002'));
    await deliver(server.platform, t.orgId, vapiBody(event));
    await drained(knex(), t.orgId);
    const row = await callByRef(knex(), t.orgId, ref);
    const transcript = json(row.transcript);
    // The agent's prompt (Vapi's leading system message) is not part of the conversation.
    expect(transcript).toEqual([
      { role: 'agent', text: 'Hi, thanks for calling Bright Smile Dental.', seconds_from_start: 0.5 },
      { role: 'caller', text: 'Do you take walk-ins on Saturdays?', seconds_from_start: 3.25 },
      { role: 'agent', text: 'We do, from nine to noon.', seconds_from_start: 6 },
    ]);
    expect(row).toMatchObject({
      cost_currency: 'USD',
      recording_url: 'https://storage.example/recordings/one.wav',
      original_enc: null,
      from_number: '+15550102002',
    });
    expect(Number(row.cost_micros)).toBe(123_400);
    expect(Number(row.duration_seconds)).toBe(95);
    expect(row.started_at.toISOString()).toBe(event.startedAt);
    expect(row.ended_at.toISOString()).toBe(event.endedAt);
    const contact = await scoped((tx) => tx('contacts').where({ id: row.contact_id }).first('phone', 'last_call_at', 'call_count'));
    expect(contact).toMatchObject({ phone: '+15550102002', call_count: 1 });
    // The report's end, or the moment the call row was created if that is later (GREATEST never goes back).
    expect(contact.last_call_at.getTime()).toBeGreaterThanOrEqual(Date.parse(event.endedAt!));
  });
});

describe('voice inbox: status updates', () => {
  const status = (ref: string, s: 'queued' | 'ringing' | 'in-progress' | 'forwarding' | 'ended', at: string, endedReason: string | null = null) =>
    vapiBody({ type: 'status-update', call: callRef(ref, '+15550102003'), timestamp: at, status: s, endedReason });

  it('never moves a call backwards, and emits call.started once', async () => {
    const ref = nextRef('status');
    const steps = [
      status(ref, 'ringing', '2026-03-04T10:00:00.000Z'),
      status(ref, 'in-progress', '2026-03-04T10:00:03.000Z'),
      status(ref, 'ended', '2026-03-04T10:01:35.000Z', 'customer-ended-call'),
      // Late deliveries: an earlier status after the end, and a redelivered in-progress.
      status(ref, 'queued', '2026-03-04T09:59:59.000Z'),
      status(ref, 'in-progress', '2026-03-04T10:00:03.000Z'),
    ];
    const seen: string[] = [];
    for (const body of steps) {
      const r = await deliver(server.platform, t.orgId, body);
      seen.push(r.duplicate ? 'duplicate' : 'stored');
      await drained(knex(), t.orgId);
      const row = await callByRef(knex(), t.orgId, ref);
      seen.push(row.status);
    }
    expect(seen).toEqual(['stored', 'ringing', 'stored', 'in-progress', 'stored', 'ended', 'stored', 'ended', 'duplicate', 'ended']);
    const row = await callByRef(knex(), t.orgId, ref);
    expect(row.started_at.toISOString()).toBe('2026-03-04T10:00:03.000Z');
    expect(row.ended_at.toISOString()).toBe('2026-03-04T10:01:35.000Z');
    expect(row.ended_reason).toBe('customer-ended-call');
    const started = (await eventsOf(knex(), t.orgId, 'call.started')).filter((e) => e.call_id === row.id);
    expect(started).toEqual([{ call_id: row.id, agent_id: null, contact_id: row.contact_id, direction: 'inbound', started_at: '2026-03-04T10:00:03.000Z' }]);
    // The timeline holds every status received, in the vendor's order.
    const timeline = await scoped((tx) => tx('call_events').where({ call_id: row.id, type: 'status' }).orderBy([{ column: 'at' }, { column: 'id' }]).pluck('status'));
    expect(timeline).toEqual(['queued', 'ringing', 'in-progress', 'ended']);

    // The report after the status "ended" still completes the record, and starts nothing twice.
    await deliver(server.platform, t.orgId, vapiBody(report(callRef(ref, '+15550102003'))));
    await drained(knex(), t.orgId);
    expect((await eventsOf(knex(), t.orgId, 'call.started')).filter((e) => e.call_id === row.id)).toHaveLength(1);
    expect((await eventsOf(knex(), t.orgId, 'call.ended')).filter((e) => e.call_id === row.id)).toHaveLength(1);
    expect(await callByRef(knex(), t.orgId, ref)).toMatchObject({ status: 'ended', outcome: 'information' });
  });
});

describe('voice inbox: live transcript, hang and unknown messages', () => {
  it('appends final transcript turns redacted, ignores partials, and lets the report replace them', async () => {
    const ref = nextRef('live');
    const c = callRef(ref, '+15550102004');
    await deliver(server.platform, t.orgId, vapiBody({ type: 'status-update', call: c, timestamp: '2026-03-04T10:00:00.000Z', status: 'in-progress', endedReason: null }));
    await drained(knex(), t.orgId);
    const partial = await deliver(server.platform, t.orgId, vapiBody({ type: 'transcript', call: c, timestamp: '2026-03-04T10:00:04.000Z', role: 'user', transcriptType: 'partial', text: 'My member ID' }));
    expect(partial).toEqual({ inboxId: null, duplicate: false });
    await deliver(server.platform, t.orgId, vapiBody({ type: 'transcript', call: c, timestamp: '2026-03-04T10:00:02.000Z', role: 'assistant', transcriptType: 'final', text: "What's your member ID?" }));
    await drained(knex(), t.orgId);
    await deliver(server.platform, t.orgId, vapiBody({ type: 'transcript', call: c, timestamp: '2026-03-04T10:00:05.500Z', role: 'user', transcriptType: 'final', text: "It's 48213377." }));
    await deliver(server.platform, t.orgId, vapiBody({ type: 'hang', call: c, timestamp: '2026-03-04T10:00:20.000Z' }));
    const unknown = await deliver(server.platform, t.orgId, JSON.stringify({ message: { type: 'speech-update', status: 'started', role: 'user', call: { id: ref } } }));
    expect(unknown.inboxId).toMatch(/^vin_/);
    await drained(knex(), t.orgId);

    const live = await callByRef(knex(), t.orgId, ref);
    const turns = json(live.transcript);
    // The previous turn is the label's context: the bare number is caught as a member id.
    expect(turns).toEqual([
      { role: 'agent', text: "What's your member ID?", seconds_from_start: 2 },
      { role: 'caller', text: "It's [MEMBER_ID].", seconds_from_start: 5.5 },
    ]);
    const types = await scoped((tx) => tx('call_events').where({ call_id: live.id }).orderBy('id').pluck('type'));
    expect(types).toContain('hang');

    await deliver(server.platform, t.orgId, vapiBody(report(c)));
    await drained(knex(), t.orgId);
    const ended = await callByRef(knex(), t.orgId, ref);
    const final = json(ended.transcript);
    expect(final.map((x: { text: string }) => x.text)).toEqual(['Hi, thanks for calling Bright Smile Dental.', 'Do you take walk-ins on Saturdays?', 'We do, from nine to noon.']);
    // A final transcript delivered after the report does not reopen it.
    await deliver(server.platform, t.orgId, vapiBody({ type: 'transcript', call: c, timestamp: '2026-03-04T10:02:00.000Z', role: 'user', transcriptType: 'final', text: 'Bye!' }));
    await drained(knex(), t.orgId);
    const after = await callByRef(knex(), t.orgId, ref);
    expect(json(after.transcript)).toEqual(final);
  });
});

describe('voice inbox: PHI', () => {
  const PHI = ['123-45-6789', '123456789', '4111 1111 1111 1111', '4111111111111111', '03/15/1985', '1985-03-15', '555-0134', '5550134', 'jane.doe@example.com', '742 Evergreen', 'XJH48213377', '48213377'];
  const CALLER = '+15550102099';

  const phiReport = (ref: string) =>
    report(callRef(ref, CALLER), {
      messages: [
        { role: 'assistant', text: 'Thanks for calling. Can I have your date of birth?', secondsFromStart: 1 },
        { role: 'user', text: 'Sure, it is 03/15/1985 and my social is 123-45-6789.', secondsFromStart: 4 },
        { role: 'assistant', text: 'And the card for the deposit?', secondsFromStart: 9 },
        { role: 'user', text: 'The card is 4111 1111 1111 1111.', secondsFromStart: 12 },
        { role: 'user', text: 'My member ID is XJH48213377, email jane.doe@example.com, I live at 742 Evergreen Terrace, call me at (415) 555-0134.', secondsFromStart: 20 },
      ],
      summary: 'Patient (DOB 03/15/1985, SSN 123-45-6789) gave card 4111 1111 1111 1111, member ID XJH48213377, email jane.doe@example.com, address 742 Evergreen Terrace, callback (415) 555-0134.',
      structuredData: { dob: '1985-03-15', memberId: 'XJH48213377', email: 'jane.doe@example.com', callback: '(415) 555-0134', note: 'SSN 123-45-6789, card 4111111111111111' },
    });

  const leaks = (text: string) => PHI.filter((p) => text.includes(p));

  it('redacts the transcript, summary and structured data before storage; nothing reaches events, the timeline or logs', async () => {
    const ref = nextRef('phi');
    const accepted = await deliver(server.platform, t.orgId, vapiBody(phiReport(ref)));
    // While it waits, the stored payload is ciphertext.
    const stored = await scoped((tx) => tx('voice_inbox').where({ id: accepted.inboxId }).first('payload_enc'));
    if (stored.payload_enc) expect(leaks(stored.payload_enc)).toEqual([]);
    await drained(knex(), t.orgId);

    const row = await callByRef(knex(), t.orgId, ref);
    expect(leaks(JSON.stringify(row))).toEqual([]);
    expect(row.original_enc).toBeNull();
    expect(row.summary).toContain('[SSN]');
    expect(row.summary).toContain('[CARD]');
    const transcript = json(row.transcript);
    expect(transcript[1].text).toBe('Sure, it is [DOB] and my social is [SSN].');
    const structured = json(row.structured_data);
    expect(structured).toMatchObject({ dob: '[DOB]', memberId: '[MEMBER_ID]', email: '[EMAIL]', callback: '[PHONE]' });

    const events = await scoped((tx) => tx('call_events').where({ call_id: row.id }).select());
    const outbox = await scoped((tx) => tx('outbox_events').select('type', 'payload'));
    const inbox = await scoped((tx) => tx('voice_inbox').where({ external_call_id: ref }).select());
    for (const dump of [JSON.stringify(events), JSON.stringify(outbox), JSON.stringify(inbox), server.logs.join('\n')]) {
      expect(leaks(dump)).toEqual([]);
      // Event payloads carry ids, never the caller's number.
      expect(dump).not.toContain(CALLER);
    }

    const api = await call(server.url, 'GET', `/v1/calls/${row.id}`, { creds: { apiKey: t.adminKey } });
    expect(api.status).toBe(200);
    expect(leaks(JSON.stringify(api.body))).toEqual([]);
    expect(api.body.has_original_transcript).toBe(false);
  });

  it('keeps the original encrypted, and only when the org opts in', async () => {
    await scoped((tx) =>
      tx('call_settings').insert({ org_id: t.orgId, keep_original_transcripts: true }).onConflict('org_id').merge(['keep_original_transcripts']),
    );
    try {
      const ref = nextRef('orig');
      await deliver(server.platform, t.orgId, vapiBody(phiReport(ref)));
      await drained(knex(), t.orgId);
      const row = await callByRef(knex(), t.orgId, ref);
      expect(row.original_enc).toMatch(/^v1\./);
      expect(leaks(row.original_enc)).toEqual([]);
      // Everything outside the ciphertext is still redacted.
      expect(leaks(JSON.stringify({ ...row, original_enc: null }))).toEqual([]);
      const original = decryptOriginal(server.platform.keyring, t.orgId, row.id, row.original_enc);
      expect(original.summary).toContain('123-45-6789');
      expect(original.transcript[1]).toEqual({ role: 'caller', text: 'Sure, it is 03/15/1985 and my social is 123-45-6789.', seconds_from_start: 4 });
      // Bound to its org and call: the same ciphertext does not open under another call id.
      expect(() => decryptOriginal(server.platform.keyring, t.orgId, 'cll_00000000000000000000000000', row.original_enc)).toThrow();
    } finally {
      await scoped((tx) => tx('call_settings').where({ org_id: t.orgId }).update({ keep_original_transcripts: false }));
    }
  });
});

describe('voice inbox: failures', () => {
  it('records a failed attempt by code only and retries until it succeeds', async () => {
    const ref = nextRef('fail');
    const body = vapiBody(report(callRef(ref, '+15550102005')));
    // Stored directly without a job, with a payload that does not decrypt (encrypted for another row).
    const id = newId('voiceInbox');
    const foreign = encryptInboxPayload(server.platform.keyring, t.orgId, newId('voiceInbox'), body);
    await scoped((tx) =>
      tx('voice_inbox').insert({ id, org_id: t.orgId, connector: 'vapi', type: 'end-of-call-report', dedupe_key: `end-of-call-report:${ref}`, external_call_id: ref, payload_enc: foreign }),
    );
    await expect(processVoiceInbox(server.platform, t.orgId, id)).rejects.toThrow(/failed: keyring_decrypt_failed$/);
    expect(await scoped((tx) => tx('voice_inbox').where({ id }).first('attempts', 'last_error', 'processed_at'))).toEqual({ attempts: 1, last_error: 'keyring_decrypt_failed', processed_at: null });
    expect(await callByRef(knex(), t.orgId, ref)).toBeUndefined();

    // Repaired (the key is back): the next attempt applies it.
    await scoped((tx) => tx('voice_inbox').where({ id }).update({ payload_enc: encryptInboxPayload(server.platform.keyring, t.orgId, id, body) }));
    await processVoiceInbox(server.platform, t.orgId, id);
    expect(await scoped((tx) => tx('voice_inbox').where({ id }).first('attempts', 'last_error', 'payload_enc'))).toEqual({ attempts: 2, last_error: null, payload_enc: null });
    expect(await callByRef(knex(), t.orgId, ref)).toMatchObject({ status: 'ended' });
  });

  it('answers normally when Redis is down at accept time, and the sweeper recovers the message', async () => {
    // A queue whose Redis is unreachable; everything else is the live server's.
    const deadQueue = createBullQueue({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      const ref = nextRef('redis-down');
      const accepted = await deliver({ ...server.platform, queue: deadQueue }, t.orgId, vapiBody(report(callRef(ref, '+15550102006'))));
      expect(accepted).toEqual({ inboxId: expect.stringMatching(/^vin_/), duplicate: false });
      const warning = server.logs.find((l) => l.includes(accepted.inboxId!) && l.includes('enqueue failed'));
      expect(warning).toBeDefined();
      expect(JSON.parse(warning!)).toMatchObject({ orgId: t.orgId, inboxId: accepted.inboxId });
      expect(await unprocessed(knex(), t.orgId)).toBe(1);

      // No job exists for it; a sweep (the live server runs one every 30 s for rows older than 20 s) enqueues
      // one. Run now with no minimum age, so the test does not sit out the period.
      expect(await sweepVoiceInbox(server.platform, 0)).toMatchObject({ enqueued: 1 });
      await until(() => callByRef(knex(), t.orgId, ref), (row) => row?.status === 'ended', 'the sweeper to recover the report', 60_000);
      expect(await unprocessed(knex(), t.orgId)).toBe(0);
      // The periodic chain is in place too: the next sweep is already scheduled.
      expect((await server.platform.queue.counts()).delayed).toBeGreaterThanOrEqual(1);
    } finally {
      await deadQueue.drain();
    }
  }, 120_000);
});
