import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '@voxanne/connector-kit';
import { call, TEST_DB, type TestServer } from '../support/index.ts';
import { handleVoiceWebhook } from '../../src/modules/calls/webhook.ts';
import { formatInZone, localToUtc, parseLocalDate } from '../../src/modules/scheduling/time.ts';
import { createClinic, futureSlot, NY, startSchedulingServer, type Clinic } from './scheduling-support.ts';
import { callRef, simBody, toolCalls, toolRows } from './voice-webhook.support.ts';

/**
 * Issue #11: the live check_availability tool call is the benchmarked path, so its statements are a
 * budget a regression must fail: once the org's catalog is cached, one statement reads the busy time and
 * one records the tool call (finding the call in the same statement). Statements are attributed to the
 * request through async context, so the server's background jobs cannot blur the count.
 */
let server: TestServer;
let clinic: Clinic;
const context = new AsyncLocalStorage<string[][]>();
let stop: () => void;

beforeAll(async () => {
  server = await startSchedulingServer();
  clinic = await createClinic(server.url);
  stop = server.platform.db.observers.add((trip) => context.getStore()?.push(trip.statements));
});
afterAll(async () => {
  stop?.();
  await server?.close();
});

const day = futureSlot(9).slice(0, 10);
// Transaction plumbing the engine adds around a batch (PGlite runs a batch as BEGIN, scope, ..., COMMIT).
const PLUMBING = new Set(['BEGIN', 'COMMIT', 'vox_begin', 'vox_scope']);

/** One signed tool-calls message through the webhook, with the round trips it made. */
async function toolCall(externalCallId: string, toolCallId: string, at: Clinic = clinic, from = day) {
  const rawBody = simBody(toolCalls(callRef(externalCallId), [{ toolCallId, name: 'check_availability', arguments: { date_from: from, service: 'cleaning' } }]));
  const secret = await server.platform.connectors.webhookSecret(at.tenant.orgId);
  const trips: string[][] = [];
  const answer = await context.run(trips, () => handleVoiceWebhook(server.platform, at.tenant.orgId, { rawBody, headers: signWebhook({ secret, rawBody }) }));
  expect(answer.status).toBe(200);
  const [result] = (answer.body as { results: { result?: string; error?: string }[] }).results;
  return { result: result!, trips, statements: trips.flat().filter((s) => !PLUMBING.has(s)) };
}

describe('the check_availability tool call', () => {
  it('costs two statements once the catalog is cached: the busy time, and the record', async () => {
    // The call's first message creates its row and fills this process's catalog cache.
    const first = await toolCall('budget-call', 'tc-budget-1');
    expect(first.result.result).toMatch(/^I have .+ Times: /);

    const second = await toolCall('budget-call', 'tc-budget-2');
    expect(second.result.result).toMatch(/^I have .+ Times: /);
    expect(second.statements).toEqual(['vox_busy', 'vox_record_tool_call']);
    // On PostgreSQL each statement and its scope travel together: two round trips in all.
    if (TEST_DB === 'pg') expect(second.trips).toEqual([['vox_scope', 'vox_busy'], ['vox_scope', 'vox_record_tool_call']]);

    const rows = await toolRows(server, clinic.tenant.orgId);
    expect(rows.filter((r: { tool_call_id: string }) => r.tool_call_id === 'tc-budget-2')).toHaveLength(1);
  });

  it('still costs two statements when the first day is full and the search widens', async () => {
    // One practitioner working 09:00-10:00: two half-hour slots a day, both booked on the first day asked for.
    const small = await createClinic(server.url, { hours: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => ({ day: d, start: '09:00', end: '10:00' })), timezone: NY });
    for (const minute of [9 * 60, 9 * 60 + 30]) {
      const startsAt = formatInZone(localToUtc(parseLocalDate(day), minute, NY), NY);
      const booked = await call(server.url, 'POST', '/v1/bookings', { body: { service_id: small.serviceId, starts_at: startsAt, patient: { name: 'Full', phone: '+15551239999' } }, creds: small.creds });
      expect(booked.status).toBe(201);
    }
    await toolCall('budget-wide', 'tc-wide-1', small, day);
    const wide = await toolCall('budget-wide', 'tc-wide-2', small, day);
    // Not the first day: its two slots are taken, so the three times offered come from the days after.
    expect(wide.result.result).toMatch(/^I have .+ Times: /);
    expect(wide.result.result).not.toContain(`Times: ${day}`);
    expect(wide.statements).toEqual(['vox_busy', 'vox_record_tool_call']);
  });

  it('records a vendor retry of the same tool call once, still in two statements', async () => {
    await toolCall('budget-retry', 'tc-retry');
    const again = await toolCall('budget-retry', 'tc-retry');
    expect(again.statements).toEqual(['vox_busy', 'vox_record_tool_call']);
    const rows = await toolRows(server, clinic.tenant.orgId);
    expect(rows.filter((r: { tool_call_id: string }) => r.tool_call_id === 'tc-retry')).toHaveLength(1);
  });
});
