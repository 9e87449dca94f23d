/** Shared by the voice webhook suites: signed deliveries in either wire format, and row counts. */
import { signWebhook, type VoiceCallRef, type VoiceServerEvent } from '@voxanne/connector-kit';
import { encodeSimulatorMessage } from '@voxanne/connector-local';
import { encodeVapiServerMessage } from '@voxanne/connector-vapi/testing';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { call, type Reply, type TestServer } from '../support/index.ts';

export const simBody = (event: VoiceServerEvent) => JSON.stringify(encodeSimulatorMessage(event));
export const vapiBody = (event: VoiceServerEvent) => JSON.stringify(encodeVapiServerMessage(event));

export function callRef(externalCallId: string, overrides: Partial<VoiceCallRef> = {}): VoiceCallRef {
  return {
    externalCallId,
    direction: 'inbound',
    assistantExternalId: null,
    phoneNumberExternalId: null,
    phoneNumber: null,
    customerNumber: '+15557654321',
    metadata: {},
    ...overrides,
  };
}

export const toolCalls = (call: VoiceCallRef, calls: { toolCallId: string; name: string; arguments: Record<string, unknown> }[]): VoiceServerEvent => ({
  type: 'tool-calls',
  call,
  timestamp: new Date().toISOString(),
  toolCalls: calls,
});

export interface Delivery {
  /** Default: the org's own secret, as the server keeps it. */
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Replaces the signature headers altogether. */
  headers?: Record<string, string>;
}

export async function deliver(server: TestServer, orgId: string, rawBody: string, opts: Delivery = {}): Promise<Reply> {
  const secret = opts.secret ?? (await server.platform.connectors.webhookSecret(orgId));
  const headers = opts.headers ?? signWebhook({ secret, rawBody, ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}) });
  return call(server.url, 'POST', `/v1/voice/webhooks/${orgId}`, { raw: rawBody, headers });
}

/** Everything the webhook can write for an org. */
export async function stored(server: TestServer, orgId: string) {
  return inScope(server.platform.knex, { orgId }, async (tx) => {
    const n = async (table: string) => Number((await tx(table).count<{ n: string }[]>({ n: '*' }))[0]!.n);
    return { inbox: await n('voice_inbox'), calls: await n('calls'), toolCalls: await n('call_tool_calls'), events: await n('call_events') };
  });
}

export const toolRows = (server: TestServer, orgId: string) =>
  inScope(server.platform.knex, { orgId }, (tx) => tx('call_tool_calls').orderBy('id').select('tool_call_id', 'name', 'arguments', 'ok', 'result', 'duration_ms', 'timed_out', 'call_id'));
