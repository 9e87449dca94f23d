/**
 * Issue #10 item 12: the voice webhook limits failed signatures per IP and per org, answers a replayed
 * signed message from memory instead of processing it again, and answers 404 (not 500) to a correctly
 * signed message for an org that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook, type VoiceServerEvent } from '@voxanne/connector-kit';
import { call, createTenant, startTestServer, type Tenant, type TestServer } from '../support/index.ts';
import { newId } from '../../src/platform/ids.ts';
import { callRef, deliver, simBody, stored, toolCalls, vapiBody } from './voice-webhook.support.ts';
import { drained, until } from '../calls/voice-inbox.support.ts';

let server: TestServer;
let t: Tenant;
beforeAll(async () => {
  server = await startTestServer({
    // X-Forwarded-For names the client, so one test process can speak from many IPs.
    env: { TRUST_PROXY: '1', VOICE_WEBHOOK_FAILURES_PER_IP: '4', VOICE_WEBHOOK_FAILURES_PER_ORG: '6' },
  });
  t = await createTenant(server.url, 'Guarded');
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
const report = (): VoiceServerEvent => ({
  type: 'end-of-call-report',
  call: callRef(`guard-${process.pid}-${++n}`),
  timestamp: new Date().toISOString(),
  endedReason: 'customer-ended-call',
  transcript: 'User: hello',
  messages: [],
  summary: null,
  structuredData: null,
  recordingUrl: null,
  cost: null,
  startedAt: null,
  endedAt: null,
  durationSeconds: 3,
});

const post = (orgId: string, rawBody: string, headers: Record<string, string>, ip: string) =>
  call(server.url, 'POST', `/v1/voice/webhooks/${orgId}`, { raw: rawBody, headers: { ...headers, 'x-forwarded-for': ip } });

const badlySigned = (rawBody: string) => signWebhook({ secret: 'not-the-secret-0123456789abcdef', rawBody });

describe('failed signatures are limited', () => {
  it('per IP: past the limit an IP gets 429 instead of 401, other IPs are unaffected, nothing is stored', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const body = vapiBody(report());
      // A different (random) org each time: a probe for orgs, which the per-org limit alone would not catch.
      statuses.push((await post(newId('org'), body, badlySigned(body), '10.1.0.1')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const last = await post(newId('org'), vapiBody(report()), {}, '10.1.0.1');
    expect(last.status).toBe(429);
    expect(last.contentType).toContain('application/problem+json');
    expect(last.body.code).toBe('too_many_failed_signatures');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is still answered on its merits.
    const body = vapiBody(report());
    expect((await post(t.orgId, body, badlySigned(body), '10.1.0.2')).status).toBe(401);
  });

  it('per org: past the limit failures for that org get 429 from any IP, while correctly signed messages still get in', async () => {
    const org = await createTenant(server.url, 'Probed');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const body = vapiBody(report());
      statuses.push((await post(org.orgId, body, badlySigned(body), `10.2.0.${i + 1}`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    expect(await stored(server, org.orgId)).toEqual({ inbox: 0, calls: 0, toolCalls: 0, events: 0 });
    // The clinic's own vendor is not locked out by someone else's garbage.
    const good = vapiBody(report());
    const secret = await server.platform.connectors.webhookSecret(org.orgId);
    const res = await post(org.orgId, good, signWebhook({ secret, rawBody: good }), '10.2.1.1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true });
    expect((await stored(server, org.orgId)).inbox).toBe(1);
  });
});

describe('replays', () => {
  it('answers an identical signed message again without processing it twice (no database work)', async () => {
    const bodies = [
      vapiBody(report()),
      simBody(toolCalls(callRef(`guard-tools-${process.pid}`), [{ toolCallId: 'tc-replay-1', name: 'check_availability', arguments: {} }])),
    ];
    for (const rawBody of bodies) {
      const secret = await server.platform.connectors.webhookSecret(t.orgId);
      const headers = signWebhook({ secret, rawBody });
      const first = await post(t.orgId, rawBody, headers, '10.3.0.1');
      expect(first.status).toBe(200);
      // The first delivery's jobs (inbox, analysis) run in this process too: let them finish before counting.
      await drained(server.platform.knex, t.orgId);
      await until(() => server.platform.queue.counts(), (c) => c.waiting + c.active === 0, 'the queue to be idle');
      let queries = 0;
      const count = () => queries++;
      server.platform.knex.on('query', count);
      try {
        const again = await post(t.orgId, rawBody, headers, '10.3.0.1');
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
      } finally {
        server.platform.knex.off('query', count);
      }
      expect(queries).toBe(0);
    }
    expect((await stored(server, t.orgId)).inbox).toBe(1);
  });

  it('still processes a new delivery of the same body (a new timestamp is a new signature)', async () => {
    const rawBody = vapiBody({ type: 'transcript', call: callRef(`guard-tr-${process.pid}`), timestamp: new Date().toISOString(), role: 'user', transcriptType: 'final', text: 'hello' });
    const now = Math.floor(Date.now() / 1000);
    expect((await deliver(server, t.orgId, rawBody, { timestamp: now - 10 })).status).toBe(200);
    expect((await deliver(server, t.orgId, rawBody, { timestamp: now - 5 })).status).toBe(200);
  });
});

describe('missing orgs', () => {
  it('answers 404 to a message signed with the derived secret of an org that does not exist, for every message type', async () => {
    const missing = newId('org');
    // The secret the platform derives for that id (decision 0004): what a misconfigured assistant would hold.
    const secret = await server.platform.connectors.webhookSecret(missing);
    const bodies = [
      vapiBody(report()),
      vapiBody({ type: 'status-update', call: callRef(`guard-missing-${process.pid}`), timestamp: new Date().toISOString(), status: 'in-progress', endedReason: null }),
      simBody(toolCalls(callRef(`guard-missing-tools-${process.pid}`), [{ toolCallId: 'tc-missing', name: 'check_availability', arguments: {} }])),
      vapiBody({ type: 'assistant-request', call: callRef(`guard-missing-ar-${process.pid}`, { phoneNumber: '+15550009998' }), timestamp: null }),
    ];
    for (const rawBody of bodies) {
      const res = await deliver(server, missing, rawBody, { secret });
      expect(res.status, rawBody.slice(0, 60)).toBe(404);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('org_not_found');
    }
    // Signed with anything else it stays a 401: only the platform can sign for an org id.
    const rawBody = vapiBody(report());
    const res = await deliver(server, missing, rawBody, { secret: 'guessing-0123456789abcdef' });
    expect(res.status).toBe(401);
  });
});
