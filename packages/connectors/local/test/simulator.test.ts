import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleAssistantSpec } from '@voxanne/connector-kit/testing';
import { createSimulatorStore, createSimulatorVoice } from '../src/index.ts';

// A stand-in for core's webhook route: verifies with the connector, answers tool calls.
let url = '';
const received: { headers: Record<string, unknown>; body: string }[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    const ok = sim.verifyWebhook({ rawBody: body, headers: req.headers });
    if (!ok) return void res.writeHead(401).end();
    const event = sim.parseServerMessage(JSON.parse(body));
    res.writeHead(200, { 'content-type': 'application/json' });
    if (event.type === 'tool-calls') {
      res.end(JSON.stringify(sim.toolCallsResponse(event.toolCalls.map((t) => ({ toolCallId: t.toolCallId, name: t.name, result: `ran ${t.name}` })))));
    } else if (event.type === 'assistant-request') {
      res.end(JSON.stringify(sim.assistantRequestResponse({ error: 'closed' })));
    } else res.end('{}');
  });
});

const sim = createSimulatorVoice({ webhookSecret: 'sim-secret', store: createSimulatorStore() });

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/voice`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('simulator call flow', () => {
  it('delivers signed messages for an outbound call to the assistant server URL and returns the reply', async () => {
    const { externalId } = await sim.upsertAssistant(sampleAssistantSpec({ serverUrl: url }));
    const pn = await sim.createProviderNumber({});
    const { externalCallId } = await sim.startCall({
      assistantExternalId: externalId,
      phoneNumberExternalId: pn.externalId,
      customerNumber: '+15551230000',
      metadata: { callId: 'call_1' },
    });
    const call = sim.callRef(externalCallId);
    expect(call).toMatchObject({
      direction: 'outbound',
      phoneNumber: pn.number,
      metadata: { orgId: 'org_01JFIXTURE', callId: 'call_1' },
    });

    const reply = await sim.emit({
      type: 'tool-calls',
      call,
      timestamp: new Date().toISOString(),
      toolCalls: [{ toolCallId: 't1', name: 'check_availability', arguments: { date: '2025-03-11' } }],
    });
    expect(reply).toEqual({ status: 200, body: { results: [{ toolCallId: 't1', name: 'check_availability', result: 'ran check_availability' }] } });
    const last = received.at(-1)!;
    expect(last.headers['x-vapi-signature']).toMatch(/^[0-9a-f]{64}$/);

    await sim.emit({ type: 'status-update', call, timestamp: null, status: 'in-progress', endedReason: null });
    expect(sim.store.calls.get(externalCallId)?.status).toBe('in-progress');
  });

  it('sends assistant-requests for an unassigned inbound number to the number server URL', async () => {
    const pn = await sim.importPhoneNumber({
      provider: 'twilio',
      number: '+14155550999',
      twilioAccountSid: 'AC1',
      twilioAuthToken: 'tok',
      serverUrl: url,
    });
    const { externalCallId } = sim.receiveInboundCall({ phoneNumberExternalId: pn.externalId, customerNumber: '+15550000001' });
    const reply = await sim.emit({ type: 'assistant-request', call: sim.callRef(externalCallId), timestamp: null });
    expect(reply).toEqual({ status: 200, body: { error: 'closed' } });
    const body = JSON.parse(received.at(-1)!.body);
    expect(body.message).toMatchObject({ type: 'assistant-request', call: { direction: 'inbound', customerNumber: '+15550000001' } });
  });

  it('a receiver with another secret rejects the simulator signature', async () => {
    const other = createSimulatorVoice({ webhookSecret: 'different' });
    const body = '{"message":{"type":"hang"}}';
    expect(other.verifyWebhook({ rawBody: body, headers: sim.signRequest(body) })).toBe(false);
    expect(sim.verifyWebhook({ rawBody: body, headers: sim.signRequest(body) })).toBe(true);
  });

  it('refuses to emit when nothing says where to deliver', async () => {
    await expect(sim.emit({ type: 'hang', call: { ...sim.callRef([...sim.store.calls.keys()][0]!), assistantExternalId: null, phoneNumberExternalId: null }, timestamp: null }))
      .rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('validates inputs like a vendor would', async () => {
    await expect(sim.importPhoneNumber({ provider: 'twilio', number: '4155550100', twilioAccountSid: 'AC1', twilioAuthToken: 't' }))
      .rejects.toMatchObject({ code: 'invalid_request', retryable: false });
    await expect(sim.importPhoneNumber({ provider: 'twilio', number: '+14155550999', twilioAccountSid: 'AC1', twilioAuthToken: 't' }))
      .rejects.toMatchObject({ code: 'conflict' });
    await expect(sim.createProviderNumber({ areaCode: '12' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(sim.assignPhoneNumber('nope', null)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('detaches numbers from a deleted assistant', async () => {
    const { externalId } = await sim.upsertAssistant(sampleAssistantSpec({ serverUrl: url }));
    const pn = await sim.createProviderNumber({ areaCode: '646' });
    await sim.assignPhoneNumber(pn.externalId, externalId);
    await sim.deleteAssistant(externalId);
    expect(sim.store.phoneNumbers.get(pn.externalId)?.assistantId).toBeNull();
  });
});
