/**
 * A fake Vapi: the REST paths the connector uses (/assistant, /phone-number, /call, /credential) with Bearer
 * auth, Vapi-style error bodies and in-memory state, plus the other direction — server messages POSTed to
 * our server URL. Like Vapi, it authenticates a message only through the webhook credential the server
 * config names (`server.credentialId`): with an HMAC credential it signs with that credential's plan; with
 * none (or an unknown id) the message goes out unsigned, and our webhook must refuse it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { VoiceServerEvent } from '@voxanne/connector-kit';
import { bearerToken, startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '@voxanne/connector-kit/testing';
import { vapiHmacAuthenticationPlan } from '../hmac-plan.ts';
import { encodeVapiServerMessage } from './encode.ts';
import { registerCredentialRoutes } from './fake-credentials.ts';
import { signWithHmacPlan } from './sign-plan.ts';

type Json = Record<string, unknown>;

export interface FakeVapiOptions {
  /** An accepted API key (more with `apiKeys` or addApiKey). Default 'vapi-test-key'. */
  apiKey?: string;
  apiKeys?: string[];
  /** Unit of the HMAC timestamp header (Vapi does not document it). Default 'ms'. */
  timestampUnit?: 'ms' | 's';
}

export interface DeliveryResult {
  status: number;
  body: unknown;
}

export interface FakeVapi {
  readonly url: string;
  readonly apiKey: string;
  readonly http: FakeServer;
  readonly assistants: Map<string, Json>;
  readonly phoneNumbers: Map<string, Json>;
  readonly calls: Map<string, Json>;
  /** Custom credentials by id (`POST /credential`), as Vapi stores them. */
  readonly credentials: Map<string, Json>;
  /** Another private key of the same Vapi account (another clinic's, say). */
  addApiKey(key: string): void;
  /** The key stops working (revoked in the dashboard): requests with it get 401. */
  revokeApiKey(key: string): void;
  failNext(status: number, times?: number): void;
  /**
   * POSTs a server message body (`{ message: {...} }`) to `url` the way Vapi would for a server config naming
   * `credentialId`: authenticated by that credential, unsigned without one.
   */
  sendServerMessage(url: string, body: unknown, opts?: { credentialId?: string | null; timestamp?: number }): Promise<DeliveryResult>;
  /**
   * Emits an event about a stored call to the server Vapi would choose (assistant's, or the phone number's
   * for assistant-request), with that server's credential, filling in the call details from the fake's state.
   */
  emit(callId: string, event: DistributiveOmit<VoiceServerEvent, 'call' | 'timestamp'>): Promise<DeliveryResult>;
  close(): Promise<void>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const E164 = /^\+[1-9]\d{6,14}$/;

/** Vapi's NestJS-style error body. */
function error(status: number, message: string | string[]): FakeReply {
  const names: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found' };
  return { status, json: { message, error: names[status] ?? 'Error', statusCode: status } };
}

async function post(url: string, raw: string, headers: Record<string, string>): Promise<DeliveryResult> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, body: text };
  }
}

const timestampOf = (nowMs: number, unit: 'ms' | 's' | undefined) => String(unit === 's' ? Math.floor(nowMs / 1000) : nowMs);

/**
 * Signs a server message as a Vapi HMAC credential holding our plan (vapiHmacAuthenticationPlan) with
 * `secret` would, and POSTs it. For tests that play Vapi without a running fake (e.g. core's webhook tests).
 */
export async function sendServerMessage(
  url: string,
  body: unknown,
  secret: string,
  opts: { timestamp?: number; timestampUnit?: 'ms' | 's' } = {},
): Promise<DeliveryResult> {
  const raw = JSON.stringify(body);
  const timestamp = timestampOf(opts.timestamp ?? Date.now(), opts.timestampUnit);
  return post(url, raw, signWithHmacPlan(vapiHmacAuthenticationPlan(secret), { body: raw, timestamp, url }));
}

export async function startFakeVapi(opts: FakeVapiOptions = {}): Promise<FakeVapi> {
  const apiKey = opts.apiKey ?? 'vapi-test-key';
  const keys = new Set([apiKey, ...(opts.apiKeys ?? [])]);
  const orgId = randomUUID();
  const assistants = new Map<string, Json>();
  const phoneNumbers = new Map<string, Json>();
  const calls = new Map<string, Json>();

  const http = await startFakeServer({
    authorize: (req) =>
      keys.has(bearerToken(req) ?? '')
        ? undefined
        : error(401, 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.'),
  });

  const now = () => new Date().toISOString();
  const body = (req: FakeRequest): Json => (req.body && typeof req.body === 'object' ? (req.body as Json) : {});
  const credentials = registerCredentialRoutes(http, { orgId, error, body });
  const list = (m: Map<string, Json>, req: FakeRequest) => ({ json: [...m.values()].slice(0, Number(req.query.get('limit') ?? 100)) });
  const crud = (path: string, m: Map<string, Json>, label: string) => {
    http.route('GET', path, (req) => list(m, req));
    http.route('GET', `${path}/:id`, (req) => (m.has(req.params.id!) ? { json: m.get(req.params.id!) } : error(404, `Couldn't Find ${label}.`)));
    http.route('DELETE', `${path}/:id`, (req) => {
      const found = m.get(req.params.id!);
      if (!found) return error(404, `Couldn't Find ${label}.`);
      m.delete(req.params.id!);
      return { json: found };
    });
  };
  const stamp = (data: Json): Json => ({ ...data, id: randomUUID(), orgId, createdAt: now(), updatedAt: now() });

  // --- assistants -----------------------------------------------------------------------------
  const validateAssistant = (a: Json): string[] => {
    const problems: string[] = [];
    if (typeof a.name === 'string' && a.name.length > 40) problems.push('name must be shorter than or equal to 40 characters');
    const server = a.server as Json | undefined;
    if (server?.url !== undefined && !/^https?:\/\//.test(String(server.url))) problems.push('server.url must be a URL address');
    return problems;
  };
  http.route('POST', '/assistant', (req) => {
    const problems = validateAssistant(body(req));
    if (problems.length) return error(400, problems);
    const a = stamp(body(req));
    assistants.set(a.id as string, a);
    return { status: 201, json: a };
  });
  http.route('PATCH', '/assistant/:id', (req) => {
    const found = assistants.get(req.params.id!);
    if (!found) return error(404, "Couldn't Find Assistant.");
    const problems = validateAssistant(body(req));
    if (problems.length) return error(400, problems);
    const updated = { ...found, ...body(req), id: found.id, orgId, updatedAt: now() }; // top-level replace, like Vapi
    assistants.set(found.id as string, updated);
    return { json: updated };
  });
  crud('/assistant', assistants, 'Assistant');

  // --- phone numbers --------------------------------------------------------------------------
  http.route('POST', '/phone-number', (req) => {
    const b = body(req);
    if (b.provider === 'twilio') {
      if (typeof b.number !== 'string' || !E164.test(b.number)) return error(400, ['number must be a valid E.164 phone number']);
      if (!b.twilioAccountSid || !(b.twilioAuthToken || (b.twilioApiKey && b.twilioApiSecret))) {
        return error(400, ['twilioAuthToken or twilioApiKey and twilioApiSecret must be provided']);
      }
      if ([...phoneNumbers.values()].some((p) => p.number === b.number)) return error(400, 'Number Already Exists.');
      const { twilioAuthToken: _secret, ...rest } = b; // Vapi never echoes the token back
      // smsEnabled defaults to true (CreateTwilioPhoneNumberDto): Vapi then rewrites the Twilio number's
      // messaging URL to itself. Recorded so tests see what Vapi would have done with the number's SMS.
      const pn = stamp({ ...rest, smsEnabled: b.smsEnabled ?? true, status: 'active' });
      phoneNumbers.set(pn.id as string, pn);
      return { status: 201, json: pn };
    }
    if (b.provider === 'vapi') {
      const area = b.numberDesiredAreaCode === undefined ? String(randomInt(201, 989)) : String(b.numberDesiredAreaCode);
      if (!/^[2-9]\d{2}$/.test(area)) return error(400, ['numberDesiredAreaCode must be a 3-digit US area code']);
      const number = `+1${area}${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
      const pn = stamp({ ...b, number, status: 'active' });
      phoneNumbers.set(pn.id as string, pn);
      return { status: 201, json: pn };
    }
    return error(400, [`provider must be one of: twilio, vapi (fake)`]);
  });
  http.route('PATCH', '/phone-number/:id', (req) => {
    const found = phoneNumbers.get(req.params.id!);
    if (!found) return error(404, "Couldn't Find Phone Number.");
    const b = body(req);
    if (typeof b.assistantId === 'string' && !assistants.has(b.assistantId)) return error(400, "Couldn't Find Assistant.");
    const updated = { ...found, ...b, id: found.id, updatedAt: now() };
    phoneNumbers.set(found.id as string, updated);
    return { json: updated };
  });
  crud('/phone-number', phoneNumbers, 'Phone Number');

  // --- calls ----------------------------------------------------------------------------------
  http.route('POST', '/call', (req) => {
    const b = body(req);
    const customer = b.customer as Json | undefined;
    if (typeof customer?.number !== 'string' || !E164.test(customer.number)) return error(400, ['customer.number must be a valid phone number in E.164 format']);
    if (typeof b.phoneNumberId !== 'string' || !phoneNumbers.has(b.phoneNumberId)) return error(400, "Couldn't Get Phone Number.");
    if (typeof b.assistantId !== 'string' || !assistants.has(b.assistantId)) return error(400, "Couldn't Get Assistant.");
    const c = stamp({ ...b, type: 'outboundPhoneCall', status: 'queued', phoneCallProvider: 'twilio' });
    calls.set(c.id as string, c);
    return { status: 201, json: c };
  });
  crud('/call', calls, 'Call');

  /** What Vapi does with a server config: authenticate with its credential, if it names one that exists. */
  const deliver = (url: string, payload: unknown, o: { credentialId?: unknown; timestamp?: number } = {}) => {
    const raw = JSON.stringify(payload);
    const timestamp = timestampOf(o.timestamp ?? Date.now(), opts.timestampUnit ?? 'ms');
    return post(url, raw, credentials.authHeaders(o.credentialId, { body: raw, timestamp, url }));
  };

  return {
    url: http.url,
    apiKey,
    http,
    assistants,
    phoneNumbers,
    calls,
    credentials: credentials.all,
    addApiKey: (key) => void keys.add(key),
    revokeApiKey: (key) => void keys.delete(key),
    failNext: (status, times) => http.failNext(status, times),
    sendServerMessage: (url, payload, o = {}) => deliver(url, payload, o),
    async emit(callId, partial) {
      const c = calls.get(callId);
      if (!c) throw new Error(`fake vapi: no call ${callId}`);
      const assistant = assistants.get(String(c.assistantId)) as Json | undefined;
      const pn = phoneNumbers.get(String(c.phoneNumberId));
      if (partial.type === 'status-update') c.status = partial.status;
      const event = {
        ...partial,
        timestamp: now(),
        call: {
          externalCallId: callId,
          direction: c.type === 'inboundPhoneCall' ? 'inbound' : 'outbound',
          assistantExternalId: (c.assistantId as string | undefined) ?? null,
          phoneNumberExternalId: (c.phoneNumberId as string | undefined) ?? null,
          phoneNumber: (pn?.number as string | undefined) ?? null,
          customerNumber: ((c.customer as Json | undefined)?.number as string | undefined) ?? null,
          metadata: {
            ...(assistant?.metadata as Json | undefined),
            ...((c.assistantOverrides as Json | undefined)?.metadata as Json | undefined),
          },
        },
      } as VoiceServerEvent;
      const server = (partial.type === 'assistant-request' ? pn?.server : (assistant?.server ?? pn?.server)) as Json | undefined;
      if (typeof server?.url !== 'string') throw new Error(`fake vapi: no server URL for ${partial.type}`);
      return deliver(server.url, encodeVapiServerMessage(event), { credentialId: server.credentialId });
    },
    close: () => http.close(),
  };
}
