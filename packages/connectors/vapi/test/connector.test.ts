import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createResilience, withResilience, type VoiceConnector, type VoiceServerEvent } from '@voxanne/connector-kit';
import { sampleAssistantSpec } from '@voxanne/connector-kit/testing';
import { createVapiVoice, VAPI_SERVER_MESSAGES } from '../src/index.ts';
import { sendServerMessage, startFakeVapi, type FakeVapi } from '../src/testing/index.ts';

let fake: FakeVapi;
let vapi: VoiceConnector;
/** The org's HMAC webhook credential at the fake, created through the connector in beforeAll. */
let credentialId: string;
const SECRET = 'hook-secret';

// Our side of the webhook: verify with the connector, record the parsed events, answer tool calls.
const events: VoiceServerEvent[] = [];
/** Headers of every delivery, accepted or not. */
const deliveries: Record<string, unknown>[] = [];
let hookUrl = '';
const hook = createServer((req, res) => {
  deliveries.push({ ...req.headers });
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    if (!vapi.verifyWebhook({ rawBody: raw, headers: req.headers })) return void res.writeHead(401).end();
    const e = vapi.parseServerMessage(JSON.parse(raw));
    events.push(e);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(e.type === 'tool-calls' ? vapi.toolCallsResponse(e.toolCalls.map((t) => ({ ...t, result: 'ok' }))) : {}));
  });
});

beforeAll(async () => {
  fake = await startFakeVapi({ apiKey: 'k-live' });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/v1/voice/webhooks/vapi`;
  ({ credentialId } = await createVapiVoice({ apiKey: 'k-live', webhookSecret: SECRET, baseUrl: fake.url }).ensureServerCredential!({ createIfMissing: true, name: 'Voxanne test org' }));
});
afterAll(async () => {
  await fake.close();
  await new Promise<void>((r) => hook.close(() => r()));
});
beforeEach(() => {
  vapi = createVapiVoice({ apiKey: 'k-live', webhookSecret: SECRET, baseUrl: fake.url, serverCredentialId: credentialId });
  fake.http.requests.length = 0;
});

describe('what the connector sends to Vapi', () => {
  it('creates with POST /assistant (bearer auth, server + credential, explicit serverMessages) and updates with PATCH', async () => {
    const spec = sampleAssistantSpec({ serverUrl: hookUrl });
    const { externalId } = await vapi.upsertAssistant(spec);
    const [post] = fake.http.find('POST', '/assistant');
    expect(post!.headers.authorization).toBe('Bearer k-live');
    expect(post!.body).toMatchObject({
      server: { url: hookUrl, timeoutSeconds: 20, credentialId },
      serverMessages: [...VAPI_SERVER_MESSAGES],
      metadata: spec.metadata,
    });
    await vapi.upsertAssistant({ ...spec, firstMessage: 'Hello again' }, externalId);
    const [patch] = fake.http.find('PATCH', '/assistant/:id');
    expect(patch!.path).toBe(`/assistant/${externalId}`);
    expect(patch!.body).toMatchObject({ firstMessage: 'Hello again' });
    expect(patch!.body).not.toHaveProperty('id');
  });

  it('detaches a number by sending assistantId: null', async () => {
    const pn = await vapi.createProviderNumber({ areaCode: '415', serverUrl: hookUrl });
    await vapi.assignPhoneNumber(pn.externalId, null);
    const [patch] = fake.http.find('PATCH', '/phone-number/:id');
    expect(patch!.rawBody).toBe('{"assistantId":null}');
    expect(fake.http.find('POST', '/phone-number')[0]!.body).toEqual({
      provider: 'vapi',
      numberDesiredAreaCode: '415',
      server: { url: hookUrl, timeoutSeconds: 20, credentialId },
    });
  });

  it("imports a Twilio number leaving its SMS webhook alone when asked (smsEnabled: false), else Vapi's default", async () => {
    const kept = await vapi.importPhoneNumber({ provider: 'twilio', number: '+14155550101', twilioAccountSid: 'AC1', twilioAuthToken: 't', keepSmsWebhook: true });
    expect(fake.http.find('POST', '/phone-number').at(-1)!.body).toMatchObject({ provider: 'twilio', smsEnabled: false });
    expect(fake.phoneNumbers.get(kept.externalId)!.smsEnabled).toBe(false);
    const taken = await vapi.importPhoneNumber({ provider: 'twilio', number: '+14155550102', twilioAccountSid: 'AC1', twilioAuthToken: 't' });
    expect(fake.http.find('POST', '/phone-number').at(-1)!.body).not.toHaveProperty('smsEnabled');
    // Omitted means Vapi's documented default: it takes over the number's messaging webhook.
    expect(fake.phoneNumbers.get(taken.externalId)!.smsEnabled).toBe(true);
  });

  it('starts a call with the documented body plus our metadata as assistant overrides', async () => {
    const { externalId } = await vapi.upsertAssistant(sampleAssistantSpec({ serverUrl: hookUrl }));
    const pn = await vapi.createProviderNumber({});
    await vapi.startCall({ assistantExternalId: externalId, phoneNumberExternalId: pn.externalId, customerNumber: '+15551234567', metadata: { callId: 'call_9' } });
    expect(fake.http.find('POST', '/call')[0]!.body).toEqual({
      assistantId: externalId,
      phoneNumberId: pn.externalId,
      customer: { number: '+15551234567' },
      assistantOverrides: { metadata: { callId: 'call_9' } },
    });
  });

  it('rejects a non-E.164 number before calling Vapi', async () => {
    await expect(
      vapi.startCall({ assistantExternalId: 'a', phoneNumberExternalId: 'p', customerNumber: '555-1234', metadata: {} }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(fake.http.requests).toHaveLength(0);
  });
});

describe('failures', () => {
  it('makes exactly one request per call: SDK retries are off', async () => {
    fake.failNext(503);
    await expect(vapi.deleteAssistant('x')).rejects.toMatchObject({ code: 'vendor_unavailable' });
    await new Promise((r) => setTimeout(r, 1500)); // the SDK's first backoff would have fired by now
    expect(fake.http.requests).toHaveLength(1);
  });

  it('keeps Vapi validation messages, not retryable', async () => {
    const input = { provider: 'twilio', number: '+14155550000', twilioAccountSid: 'AC1', twilioAuthToken: 't' } as const;
    await vapi.importPhoneNumber(input);
    const err = await vapi.importPhoneNumber(input).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_request', retryable: false, status: 400, message: expect.stringContaining('Number Already Exists') });
  });

  it('maps a dropped connection to a retryable network error', async () => {
    fake.http.dropNext();
    await expect(vapi.upsertAssistant(sampleAssistantSpec())).rejects.toMatchObject({ code: 'network', retryable: true });
  });

  it('maps an SDK timeout to a retryable timeout error', async () => {
    const slow = createVapiVoice({ apiKey: 'k-live', webhookSecret: 's', baseUrl: fake.url, timeoutMs: 100 });
    fake.http.delayNext(400);
    await expect(slow.testConnection()).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('timeout') });
  });

  it('recovers through the kit resilience policy when Vapi flaps', async () => {
    const resilient = withResilience(vapi, createResilience({ connector: 'vapi', maxAttempts: 3, backoff: { initialDelayMs: 1, maxDelayMs: 5 } }), [
      'upsertAssistant',
    ]);
    fake.failNext(502, 2);
    const { externalId } = await resilient.upsertAssistant(sampleAssistantSpec());
    expect(fake.assistants.has(externalId)).toBe(true);
    expect(fake.http.find('POST', '/assistant')).toHaveLength(3);
  });
});

describe('server messages from (fake) Vapi to our webhook', () => {
  it('are signed so the connector verifies them, end to end', async () => {
    const { externalId } = await vapi.upsertAssistant(sampleAssistantSpec({ serverUrl: hookUrl }));
    const pn = await vapi.createProviderNumber({ areaCode: '415' });
    const { externalCallId } = await vapi.startCall({
      assistantExternalId: externalId,
      phoneNumberExternalId: pn.externalId,
      customerNumber: '+15551234567',
      metadata: { callId: 'call_e2e' },
    });
    const reply = await fake.emit(externalCallId, {
      type: 'tool-calls',
      toolCalls: [{ toolCallId: 'tc1', name: 'check_availability', arguments: { date: '2025-03-11' } }],
    });
    expect(reply).toEqual({ status: 200, body: { results: [{ toolCallId: 'tc1', name: 'check_availability', result: 'ok' }] } });
    expect(events.at(-1)).toMatchObject({
      type: 'tool-calls',
      call: { externalCallId, assistantExternalId: externalId, phoneNumber: pn.number, metadata: { orgId: 'org_01JFIXTURE', callId: 'call_e2e' } },
    });
  });

  it('a message signed with another secret, or sent unsigned, is rejected by our side', async () => {
    const res = await fetch(hookUrl, { method: 'POST', body: '{}', headers: { 'x-vapi-signature': 'ab'.repeat(32), 'x-vapi-timestamp': String(Date.now()) } });
    expect(res.status).toBe(401);
    const hang = { message: { type: 'hang' } };
    expect((await sendServerMessage(hookUrl, hang, 'not-ours', { timestampUnit: 's' })).status).toBe(401);
    expect((await fake.sendServerMessage(hookUrl, hang)).status).toBe(401);
    expect((await fake.sendServerMessage(hookUrl, hang, { credentialId })).status).toBe(200);
  });

  it('go out unsigned for an assistant whose server names no credential (as from Vapi), and are refused', async () => {
    const bare = createVapiVoice({ apiKey: 'k-live', webhookSecret: SECRET, baseUrl: fake.url });
    const { externalId } = await bare.upsertAssistant(sampleAssistantSpec({ serverUrl: hookUrl }));
    expect(fake.assistants.get(externalId)!.server).not.toHaveProperty('credentialId');
    const pn = await bare.createProviderNumber({ areaCode: '415' });
    const { externalCallId } = await bare.startCall({ assistantExternalId: externalId, phoneNumberExternalId: pn.externalId, customerNumber: '+15551234567', metadata: {} });
    const before = events.length;
    const reply = await fake.emit(externalCallId, { type: 'hang' });
    expect(reply.status).toBe(401);
    expect(events.length).toBe(before);
    // Not signed with some other secret: not signed at all, as Vapi sends without a credential.
    expect(deliveries.at(-1)).not.toHaveProperty('x-vapi-signature');
    expect(deliveries.at(-1)).not.toHaveProperty('x-vapi-timestamp');
  });
});

describe('the webhook credential', () => {
  it('is created with POST /credential as an HMAC plan over {timestamp}.{body} holding the connector secret', async () => {
    const fresh = createVapiVoice({ apiKey: 'k-live', webhookSecret: 'another-org-secret', baseUrl: fake.url });
    const { credentialId: id } = await fresh.ensureServerCredential!({ createIfMissing: true, name: 'Voxanne org_01JFIXTURE0000000000000000' });
    const [post] = fake.http.find('POST', '/credential');
    expect(post!.headers.authorization).toBe('Bearer k-live');
    expect(post!.body).toEqual({
      provider: 'webhook',
      name: 'Voxanne org_01JFIXTURE0000000000000000',
      authenticationPlan: {
        type: 'hmac',
        secretKey: 'another-org-secret',
        algorithm: 'sha256',
        signatureHeader: 'x-vapi-signature',
        timestampHeader: 'x-vapi-timestamp',
        includeTimestamp: true,
        payloadFormat: '{timestamp}.{body}',
        signatureEncoding: 'hex',
        secretIsBase64: false,
      },
    });
    expect(fake.credentials.get(id)).toMatchObject({ provider: 'webhook', id });
  });

  it('is updated in place (PATCH) when it exists, with the secret the connector has now', async () => {
    const rotated = createVapiVoice({ apiKey: 'k-live', webhookSecret: 'rotated-secret', baseUrl: fake.url });
    const first = await rotated.ensureServerCredential!({ createIfMissing: true, name: 'Voxanne rotate' });
    const again = await rotated.ensureServerCredential!({ credentialId: first.credentialId, createIfMissing: true, name: 'Voxanne rotate' });
    expect(again.credentialId).toBe(first.credentialId);
    const [patch] = fake.http.find('PATCH', '/credential/:id');
    expect(patch!.path).toBe(`/credential/${first.credentialId}`);
    expect((fake.credentials.get(first.credentialId)!.authenticationPlan as { secretKey: string }).secretKey).toBe('rotated-secret');
  });

  it('fails with not_found for an id Vapi does not have, unless asked to create one', async () => {
    const err = await vapi.ensureServerCredential!({ credentialId: 'cred-missing', createIfMissing: false, name: 'x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'not_found', retryable: false, status: 404 });
    const made = await vapi.ensureServerCredential!({ credentialId: 'cred-missing', createIfMissing: true, name: 'x' });
    expect(made.credentialId).not.toBe('cred-missing');
    expect(fake.credentials.has(made.credentialId)).toBe(true);
  });

  it('maps a refused key to unauthorized and an outage to a retryable error', async () => {
    const wrong = createVapiVoice({ apiKey: 'k-wrong', webhookSecret: SECRET, baseUrl: fake.url });
    await expect(wrong.ensureServerCredential!({ createIfMissing: true, name: 'x' })).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    fake.failNext(503);
    await expect(vapi.ensureServerCredential!({ createIfMissing: true, name: 'x' })).rejects.toMatchObject({ code: 'vendor_unavailable', retryable: true });
  });
});
