import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoiceServerEvent } from '@voxanne/connector-kit';
import { call, type TestServer } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { createClinic, eventually, startSchedulingServer, type Clinic } from './scheduling-support.ts';
import { callRef, deliver, simBody, toolCalls, vapiBody } from './voice-webhook.support.ts';

// Issue #10 item 13. PostgreSQL text cannot hold U+0000, so a NUL that reaches SQL fails the statement (500).
// The API refuses it at the door (400 invalid_text); a signed vendor message is kept, without the NULs.
let server: TestServer;
let clinic: Clinic;
beforeAll(async () => {
  server = await startSchedulingServer();
  clinic = await createClinic(server.url);
});
afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, { body, creds: clinic.creds });

function expectInvalidText(res: { status: number; contentType: string; body: { code: string; errors?: { path: string }[] } }, path: string) {
  expect(res.status).toBe(400);
  expect(res.contentType).toContain('application/problem+json');
  expect(res.body.code).toBe('invalid_text');
  expect(res.body.errors?.[0]?.path).toBe(path);
}

describe('a NUL character in a request', () => {
  it('in a JSON string value answers 400 invalid_text, and nothing is written', async () => {
    const before = (await api('GET', '/v1/locations?limit=100')).body.data.length;
    expectInvalidText(await api('POST', '/v1/locations', { name: 'Bright\u0000Smile', timezone: 'America/New_York' }), '/body/name');
    expectInvalidText(await api('PATCH', '/v1/org', { name: 'Clinic\u0000' }), '/body/name');
    expect((await api('GET', '/v1/locations?limit=100')).body.data.length).toBe(before);
  });

  it('nested in arrays and objects, or in a key, answers 400 invalid_text', async () => {
    const res = await api('POST', '/v1/resources', { location_id: clinic.locationId, kind: 'practitioner', name: 'Dr. Who', weekly_hours: [{ day: 'mon', start: '09:00', end: '17:00\u0000' }] });
    expectInvalidText(res, '/body/weekly_hours/0/end');
    expectInvalidText(await call(server.url, 'PATCH', '/v1/org', { raw: '{"na\\u0000me":"x"}', creds: clinic.creds }), '/body/na\\u0000me');
  });

  it('in the query string or a path parameter answers 400 invalid_text', async () => {
    expectInvalidText(await api('GET', '/v1/audit-events?action=auth%00login'), '/query');
    expectInvalidText(await api('GET', '/v1/bookings?patient_phone=%2B1555%00'), '/query');
    expectInvalidText(await call(server.url, 'GET', '/v1/calendar/google/callback?state=abc%00&code=x'), '/query');
    expectInvalidText(await api('GET', '/v1/locations/loc_%00'), '/path');
  });

  it('is accepted as an ordinary escaped backslash: only the character itself is refused', async () => {
    const res = await api('POST', '/v1/locations', { name: 'Back\\u0000slash %00 Clinic', timezone: 'America/New_York' });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Back\\u0000slash %00 Clinic');
  });
});

describe('a NUL character in a signed voice message', () => {
  it('is dropped from a tool call, which is answered as usual', async () => {
    const body = simBody(toolCalls(callRef(`nul-tool-${process.pid}`), [{ toolCallId: 't\u00001', name: 'check_availability', arguments: { service: 'Clean\u0000ing' } }]));
    const res = await deliver(server, clinic.tenant.orgId, body);
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1);
    expect(res.body.results[0].toolCallId).toBe('t1');
  });

  it('is dropped from an end-of-call report, which is stored and processed', async () => {
    const ref = `nul-report-${process.pid}`;
    const report: VoiceServerEvent = {
      type: 'end-of-call-report',
      call: callRef(ref),
      timestamp: new Date().toISOString(),
      endedReason: 'customer-ended-call',
      transcript: 'User: I would like a clean\u0000ing',
      messages: [],
      summary: 'Wants a clean\u0000ing',
      structuredData: { 'ke\u0000y': 'va\u0000lue' },
      recordingUrl: null,
      cost: null,
      startedAt: null,
      endedAt: null,
      durationSeconds: 12,
    };
    const res = await deliver(server, clinic.tenant.orgId, vapiBody(report));
    expect(res.status).toBe(200);
    const row = await eventually<{ summary: string }>(
      () => inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('calls').where({ external_call_id: ref }).whereNotNull('ended_at').first('summary')),
      20_000,
      'the processed call',
    );
    expect(row.summary).toBe('Wants a cleaning');
    const inbox = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('voice_inbox').where({ external_call_id: ref }).first('processed_at', 'last_error'));
    expect(inbox).toMatchObject({ processed_at: expect.any(Date), last_error: null });
  });
});
