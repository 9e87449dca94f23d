/**
 * The call simulator: a VoiceConnector with no vendor behind it. Assistants, numbers and calls
 * live in a SimulatorStore; server messages are signed with the same HMAC scheme as Vapi's, so
 * core's webhook route cannot tell the difference. Used for local development, demos and tests
 * (core's "simulate-call" drives `emit`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ConnectorError,
  assertE164,
  assertServerSecret,
  signWebhook,
  verifyWebhookSignature,
  type AssistantRequestReply,
  type ConnectionCheck,
  type ToolCallResult,
  type VoiceCallRef,
  type VoiceConnector,
  type VoiceServerEvent,
} from '@voxanne/connector-kit';
import { createSimulatorStore, type SimCall, type SimulatorStore } from './store.ts';
import { encodeSimulatorMessage, parseSimulatorMessage } from './wire.ts';

const ID = 'simulator';

export interface DeliveredMessage {
  status: number;
  /** The parsed JSON reply, or the text when it is not JSON. */
  body: unknown;
}

export type Deliver = (req: { url: string; headers: Record<string, string>; body: string }) => Promise<DeliveredMessage>;

export interface SimulatorVoiceSettings {
  /** Signs outgoing server messages and verifies incoming ones. */
  webhookSecret: string;
  /** Checked against `store.apiKey` when the store has one. */
  apiKey?: string;
  store?: SimulatorStore;
  /** How signed messages reach our server. Defaults to an HTTP POST with fetch. */
  deliver?: Deliver;
}

export interface SimulatorVoice extends VoiceConnector {
  readonly store: SimulatorStore;
  /** An inbound call arriving on one of our numbers. */
  receiveInboundCall(input: { phoneNumberExternalId: string; customerNumber: string }): { externalCallId: string };
  /** The neutral call reference for a stored call, ready to put into an event. */
  callRef(externalCallId: string): VoiceCallRef;
  encodeServerMessage(event: VoiceServerEvent): unknown;
  /** Signs `body` (already serialised) as the simulator does for its own deliveries. */
  signRequest(body: string): Record<string, string>;
  /**
   * Signs and delivers an event like a vendor would, to `url` or else to the server URL of the
   * call's assistant (or of its phone number, for assistant-requests). Updates the stored call
   * status for status-update events.
   */
  emit(event: VoiceServerEvent, opts?: { url?: string }): Promise<DeliveredMessage>;
}

const fetchDeliver: Deliver = async ({ url, headers, body }) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, body: text };
  }
};

export function createSimulatorVoice(settings: SimulatorVoiceSettings): SimulatorVoice {
  const store = settings.store ?? createSimulatorStore();
  const deliver = settings.deliver ?? fetchDeliver;

  const fail = (code: ConstructorParameters<typeof ConnectorError>[0]['code'], message: string, status?: number) =>
    new ConnectorError({ connector: ID, code, message: `${ID}: ${message}`, ...(status ? { status } : {}) });

  /** Every "API call" passes the same gates a vendor's would: injected outage, then auth. */
  const gate = () => {
    const fault = store.takeFault(ID);
    if (fault) throw fault;
    if (store.apiKey !== undefined && settings.apiKey !== store.apiKey) throw fail('unauthorized', 'API key rejected', 401);
  };
  // Async wrapper so even validation errors surface as rejected promises, like a network call.
  const op = <T>(fn: () => T): Promise<T> =>
    new Promise<T>((resolve) => {
      gate();
      resolve(fn());
    });

  const newId = (prefix: string) => `${prefix}_${randomUUID()}`;
  const now = () => new Date().toISOString();
  const provisionNumber = (areaCode: string) => {
    const digits = Array.from(randomBytes(7), (b) => String(b % 10)).join('');
    return `+1${areaCode}${digits}`;
  };

  const callRef = (c: SimCall): VoiceCallRef => {
    const pn = store.phoneNumbers.get(c.phoneNumberId);
    const assistant = c.assistantId ? store.assistants.get(c.assistantId) : undefined;
    return {
      externalCallId: c.id,
      direction: c.direction,
      assistantExternalId: c.assistantId,
      phoneNumberExternalId: c.phoneNumberId,
      phoneNumber: pn?.number ?? null,
      customerNumber: c.customerNumber,
      metadata: { ...(assistant?.spec.metadata ?? {}), ...c.metadata },
    };
  };

  const connector: SimulatorVoice = {
    id: ID,
    store,

    upsertAssistant: (spec, externalId) =>
      op(() => {
        assertServerSecret(ID, spec, settings.webhookSecret);
        const existing = externalId ? store.assistants.get(externalId) : undefined;
        if (existing) {
          existing.spec = structuredClone(spec);
          existing.updatedAt = now();
          return { externalId: existing.id };
        }
        const id = newId('sim_asst');
        store.assistants.set(id, { id, spec: structuredClone(spec), createdAt: now(), updatedAt: now() });
        return { externalId: id };
      }),

    deleteAssistant: (externalId) =>
      op(() => {
        store.assistants.delete(externalId);
        // Like Vapi, numbers pointing at a deleted assistant fall back to assistant-requests.
        for (const pn of store.phoneNumbers.values()) if (pn.assistantId === externalId) pn.assistantId = null;
      }),

    importPhoneNumber: (input) =>
      op(() => {
        assertE164(ID, 'number', input.number);
        if (!input.twilioAccountSid || !input.twilioAuthToken) throw fail('invalid_request', 'Twilio credentials are required', 400);
        if ([...store.phoneNumbers.values()].some((p) => p.number === input.number)) {
          throw fail('conflict', `${input.number} is already imported`, 409);
        }
        const id = newId('sim_pn');
        store.phoneNumbers.set(id, {
          id,
          number: input.number,
          provider: 'twilio',
          name: input.name ?? null,
          assistantId: null,
          serverUrl: input.serverUrl ?? null,
        });
        return { externalId: id, number: input.number };
      }),

    createProviderNumber: (input) =>
      op(() => {
        const areaCode = input.areaCode ?? '555';
        if (!/^[2-9]\d{2}$/.test(areaCode)) throw fail('invalid_request', `bad area code "${areaCode}"`, 400);
        const id = newId('sim_pn');
        const number = provisionNumber(areaCode);
        store.phoneNumbers.set(id, {
          id,
          number,
          provider: 'simulator',
          name: input.name ?? null,
          assistantId: null,
          serverUrl: input.serverUrl ?? null,
        });
        return { externalId: id, number };
      }),

    assignPhoneNumber: (externalNumberId, assistantExternalId) =>
      op(() => {
        const pn = store.phoneNumbers.get(externalNumberId);
        if (!pn) throw fail('not_found', `no phone number ${externalNumberId}`, 404);
        if (assistantExternalId !== null && !store.assistants.has(assistantExternalId)) {
          throw fail('invalid_request', `no assistant ${assistantExternalId}`, 400);
        }
        pn.assistantId = assistantExternalId;
      }),

    releasePhoneNumber: (externalNumberId) =>
      op(() => {
        store.phoneNumbers.delete(externalNumberId);
      }),

    startCall: (input) =>
      op(() => {
        assertE164(ID, 'customerNumber', input.customerNumber);
        if (!store.assistants.has(input.assistantExternalId)) throw fail('not_found', `no assistant ${input.assistantExternalId}`, 404);
        if (!store.phoneNumbers.has(input.phoneNumberExternalId)) {
          throw fail('not_found', `no phone number ${input.phoneNumberExternalId}`, 404);
        }
        const id = newId('sim_call');
        store.calls.set(id, {
          id,
          direction: 'outbound',
          assistantId: input.assistantExternalId,
          phoneNumberId: input.phoneNumberExternalId,
          customerNumber: input.customerNumber,
          metadata: { ...input.metadata },
          status: 'queued',
          createdAt: now(),
        });
        return { externalCallId: id, status: 'queued' as const };
      }),

    verifyWebhook: ({ rawBody, headers }) => verifyWebhookSignature({ secret: settings.webhookSecret, rawBody, headers }).ok,

    parseServerMessage: parseSimulatorMessage,

    // The simulator's reply format is the neutral one; core's handler never needs to know.
    toolCallsResponse: (results: ToolCallResult[]) => ({ results }),
    assistantRequestResponse: (reply: AssistantRequestReply) => reply,

    async testConnection(): Promise<ConnectionCheck> {
      try {
        await op(() => undefined);
        return { ok: true, detail: `Simulator ready: ${store.assistants.size} assistants, ${store.phoneNumbers.size} numbers` };
      } catch (e) {
        const err = e as ConnectorError;
        return { ok: false, detail: `Simulator refused the connection (${err.code})` };
      }
    },

    receiveInboundCall({ phoneNumberExternalId, customerNumber }) {
      assertE164(ID, 'customerNumber', customerNumber);
      const pn = store.phoneNumbers.get(phoneNumberExternalId);
      if (!pn) throw fail('not_found', `no phone number ${phoneNumberExternalId}`, 404);
      const id = newId('sim_call');
      store.calls.set(id, {
        id,
        direction: 'inbound',
        assistantId: pn.assistantId,
        phoneNumberId: pn.id,
        customerNumber,
        metadata: {},
        status: 'ringing',
        createdAt: now(),
      });
      return { externalCallId: id };
    },

    callRef(externalCallId) {
      const c = store.calls.get(externalCallId);
      if (!c) throw fail('not_found', `no call ${externalCallId}`, 404);
      return callRef(c);
    },

    encodeServerMessage: encodeSimulatorMessage,

    signRequest: (body) => signWebhook({ secret: settings.webhookSecret, rawBody: body }),

    async emit(event, opts = {}) {
      const call = event.call.externalCallId ? store.calls.get(event.call.externalCallId) : undefined;
      if (call && event.type === 'status-update') call.status = event.status;
      const assistant = event.call.assistantExternalId ? store.assistants.get(event.call.assistantExternalId) : undefined;
      const pn = event.call.phoneNumberExternalId ? store.phoneNumbers.get(event.call.phoneNumberExternalId) : undefined;
      const url = opts.url ?? (event.type === 'assistant-request' ? pn?.serverUrl : (assistant?.spec.serverUrl ?? pn?.serverUrl));
      if (!url) throw fail('invalid_request', `no server URL to deliver ${event.type} to`);
      const body = JSON.stringify(encodeSimulatorMessage(event));
      return deliver({ url, headers: connector.signRequest(body), body });
    },
  };
  return connector;
}
