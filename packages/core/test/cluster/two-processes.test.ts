/**
 * Issue #11, horizontal scale: two API processes (RUN_WORKERS=false) and one worker on one PostgreSQL and one
 * Redis must be as correct as one process: no double booking, no lost or repeated ingest, and a revoked API
 * key refused at once by the process that did not revoke it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook, type VoiceServerEvent } from '@voxanne/connector-kit';
import { encodeVapiServerMessage } from '@voxanne/connector-vapi/testing';
import { orgWebhookSecret } from '../../src/connectors/webhook-secret.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { call } from '../support/index.ts';
import { APOLOGY } from '../../src/modules/calls/tool-calls.ts';
import { createClinic, futureSlot, type Clinic } from '../api/scheduling-support.ts';
import { until } from '../api/voice.helpers.ts';
import { startCluster, type Cluster } from './processes.ts';

let cluster: Cluster;
let a: string;
let b: string;
let db: Database;
let clinic: Clinic;
let secret: string;

beforeAll(async () => {
  // The tool deadline is not under test here; on a busy CI machine a booking may take longer than 3 s.
  cluster = await startCluster({ apis: 2, workers: 1, env: { VOICE_TOOL_DEADLINE_MS: '20000' } });
  [a, b] = cluster.apis.map((p) => p.url!) as [string, string];
  db = await openDatabase({ driver: 'pg', url: cluster.db.appUrl, migrationUrl: cluster.db.ownerUrl, poolMax: 4 });
  clinic = await createClinic(a, { resources: 1 });
  secret = orgWebhookSecret(cluster.env.VOICE_WEBHOOK_SECRET!, clinic.tenant.orgId);
}, 180_000);
afterAll(async () => {
  await db?.close();
  await cluster?.stop();
});

const scoped = <T>(fn: Parameters<typeof inScope<T>>[2]) => inScope(db.knex, { orgId: clinic.tenant.orgId }, fn);

function signed(event: VoiceServerEvent) {
  const rawBody = JSON.stringify(encodeVapiServerMessage(event));
  return { raw: rawBody, headers: signWebhook({ secret, rawBody }) };
}

const callRef = (externalCallId: string, customerNumber = '+15557654321') => ({
  externalCallId,
  direction: 'inbound' as const,
  assistantExternalId: null,
  phoneNumberExternalId: null,
  phoneNumber: null,
  customerNumber,
  metadata: {},
});

describe('two API processes and one worker', () => {
  it('books a contested slot once when callers race through both processes', async () => {
    const start = futureSlot(9);
    const racers = 12;
    const answers = await Promise.all(
      Array.from({ length: racers }, (_, i) =>
        call([a, b][i % 2]!, 'POST', `/v1/voice/webhooks/${clinic.tenant.orgId}`, {
          ...signed({
            type: 'tool-calls',
            call: callRef(`race-${i}`, `+1555030${String(i).padStart(4, '0')}`),
            timestamp: new Date().toISOString(),
            toolCalls: [{ toolCallId: `tc-race-${i}`, name: 'book_appointment', arguments: { start, patient_name: `Racer ${i}`, patient_phone: `+1555030${String(i).padStart(4, '0')}`, service: 'Cleaning' } }],
          }),
        }),
      ),
    );
    const results = answers.map((r) => {
      expect(r.status).toBe(200);
      return r.body.results[0] as { result?: string; error?: string };
    });
    const booked = results.filter((r) => r.result?.startsWith("You're booked"));
    expect(booked, JSON.stringify(results)).toHaveLength(1);
    // A loser hears that the time was taken; on an overloaded machine it may instead hear the honest apology
    // (the tool's deadline passed or its database call failed), which never claims a booking. Either way the
    // process output is kept for whoever reads a failure.
    const taken = results.filter((r) => r.error?.startsWith('Sorry, that time was just taken'));
    const apologised = results.filter((r) => r.error === APOLOGY.book_appointment);
    if (apologised.length) console.warn('race losers apologised:', cluster.apis.map((p) => p.output.join('').slice(-4000)).join('\n---\n'));
    expect(taken.length + apologised.length, JSON.stringify(results)).toBe(racers - 1);
    const rows = await scoped((tx) => tx('bookings').where({ kind: 'booking', starts_at: new Date(start) }).whereNot({ status: 'cancelled' }).select('id'));
    expect(rows).toHaveLength(1);
  });

  it('stores every end-of-call-report sent through either process and the worker processes each exactly once', async () => {
    const n = 60;
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        call([a, b][i % 2]!, 'POST', `/v1/voice/webhooks/${clinic.tenant.orgId}`, {
          ...signed({
            type: 'end-of-call-report',
            call: callRef(`ingest-${i}`, `+1555040${String(i).padStart(4, '0')}`),
            timestamp: new Date().toISOString(),
            endedReason: 'customer-ended-call',
            transcript: 'User: I would like a cleaning.',
            messages: [],
            summary: 'Asked for a cleaning.',
            structuredData: null,
            recordingUrl: null,
            cost: null,
            startedAt: null,
            endedAt: null,
            durationSeconds: 30,
          }),
        }),
      ),
    );
    for (const r of answers) expect(r).toMatchObject({ status: 200, body: { received: true } });
    const processed = () => scoped(async (tx) => Number((await tx('voice_inbox').where({ type: 'end-of-call-report' }).whereNotNull('processed_at').count<{ n: string }[]>({ n: '*' }))[0]!.n));
    await until(processed, (x) => x === n, 'the worker to process every report', 120_000);

    const inbox = await scoped((tx) => tx('voice_inbox').where({ type: 'end-of-call-report' }).select('attempts'));
    expect(inbox).toHaveLength(n);
    for (const row of inbox) expect(row.attempts).toBe(1);
    const calls = await scoped((tx) => tx('calls').where('external_call_id', 'like', 'ingest-%').select('id', 'status'));
    expect(calls).toHaveLength(n);
    const ended = await scoped((tx) => tx('outbox_events').where({ type: 'call.ended' }).select(tx.raw(`payload->>'call_id' AS call_id`)));
    const endedIds = ended.map((e: { call_id: string }) => e.call_id).filter((id: string) => calls.some((c: { id: string }) => c.id === id));
    expect(endedIds).toHaveLength(n);
    expect(new Set(endedIds).size).toBe(n);

    // The API processes ran no job at all: the worker did the processing.
    for (const api of [a, b]) {
      const metrics = await (await fetch(`${api}/metrics`)).text();
      expect(metrics).not.toMatch(/voxanne_job_duration_seconds_count\{job="voice\.inbox"/);
      expect(metrics).toMatch(/voxanne_http_request_duration_seconds_count\{operation="receiveVoiceWebhook",method="POST",status_class="2xx"\} [1-9]/);
    }
  });

  it('refuses an API key revoked through one process on the next request to the other', async () => {
    const key = await call(a, 'POST', '/v1/api-keys', { body: { name: 'roaming', scopes: ['read'] }, creds: clinic.creds });
    expect(key.status).toBe(201);
    // Both processes have seen (and may remember) the key before it is revoked.
    for (const api of [a, b, a, b]) expect((await call(api, 'GET', '/v1/org', { creds: { apiKey: key.body.secret } })).status).toBe(200);
    const revoked = await call(a, 'DELETE', `/v1/api-keys/${key.body.id}`, { creds: clinic.creds });
    expect(revoked.body.revoked_at).not.toBeNull();
    const onB = await call(b, 'GET', '/v1/org', { creds: { apiKey: key.body.secret } });
    expect(onB.status).toBe(401);
    expect(onB.body.code).toBe('api_key_revoked');
    expect((await call(a, 'GET', '/v1/org', { creds: { apiKey: key.body.secret } })).status).toBe(401);
  });
});
