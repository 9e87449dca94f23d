/**
 * The simulator's server-message wire format: `{ "vendor": "simulator", "message": <neutral event> }`.
 * The simulator is our own vendor, so its wire format is simply the kit's event shape, serialised as
 * JSON. Parsing still treats the body as untrusted input and checks every field, because it arrives
 * over HTTP. The `vendor` marker exists because simulator and Vapi messages share one signing scheme
 * and can reach the same webhook route: core picks the parser with `isSimulatorMessage`.
 */
import {
  asArray,
  asNumber,
  asObject,
  asString,
  emptyCallRef,
  parseArguments,
  toIsoTime,
  type CallStatus,
  type ConversationMessage,
  type JsonObject,
  type VoiceCallRef,
  type VoiceServerEvent,
} from '@voxanne/connector-kit';

export const SIMULATOR_VENDOR = 'simulator';

export function encodeSimulatorMessage(event: VoiceServerEvent): { vendor: typeof SIMULATOR_VENDOR; message: JsonObject } {
  if (event.type === 'unknown') {
    return { vendor: SIMULATOR_VENDOR, message: { type: event.vendorType, call: event.call, timestamp: event.timestamp } };
  }
  return { vendor: SIMULATOR_VENDOR, message: { ...event } as unknown as JsonObject };
}

/** True iff the body carries the simulator's marker (Vapi's bodies never have a top-level `vendor`). */
export function isSimulatorMessage(json: unknown): boolean {
  return asObject(json)?.vendor === SIMULATOR_VENDOR;
}

const STATUSES: readonly CallStatus[] = ['queued', 'ringing', 'in-progress', 'forwarding', 'ended'];
const DIRECTIONS: readonly VoiceCallRef['direction'][] = ['inbound', 'outbound', 'web', 'unknown'];
const ROLES: readonly ConversationMessage['role'][] = ['assistant', 'user', 'system', 'tool'];

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | null {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

function parseCall(v: unknown): VoiceCallRef {
  const c = asObject(v);
  if (!c) return emptyCallRef();
  return {
    externalCallId: asString(c.externalCallId),
    direction: oneOf(c.direction, DIRECTIONS) ?? 'unknown',
    assistantExternalId: asString(c.assistantExternalId),
    phoneNumberExternalId: asString(c.phoneNumberExternalId),
    phoneNumber: asString(c.phoneNumber),
    customerNumber: asString(c.customerNumber),
    metadata: asObject(c.metadata) ?? {},
  };
}

export function parseSimulatorMessage(json: unknown): VoiceServerEvent {
  const m = asObject(asObject(json)?.message);
  const base = { call: parseCall(m?.call), timestamp: toIsoTime(m?.timestamp) };
  const type = typeof m?.type === 'string' ? m.type : '';
  const unknown = (): VoiceServerEvent => ({ type: 'unknown', vendorType: type, raw: json, ...base });
  if (!m) return unknown();

  switch (type) {
    case 'assistant-request':
    case 'hang':
      return { type, ...base };
    case 'tool-calls':
      return {
        type,
        ...base,
        toolCalls: asArray(m.toolCalls).flatMap((t) => {
          const o = asObject(t);
          const toolCallId = asString(o?.toolCallId);
          const name = asString(o?.name);
          return toolCallId && name ? [{ toolCallId, name, arguments: parseArguments(o?.arguments) }] : [];
        }),
      };
    case 'status-update': {
      const status = oneOf(m.status, STATUSES);
      return status ? { type, ...base, status, endedReason: asString(m.endedReason) } : unknown();
    }
    case 'transcript': {
      const role = oneOf(m.role, ['assistant', 'user'] as const);
      const text = asString(m.text);
      if (!role || text === null) return unknown();
      return { type, ...base, role, transcriptType: m.transcriptType === 'partial' ? 'partial' : 'final', text };
    }
    case 'end-of-call-report': {
      const cost = asObject(m.cost);
      const amountMicros = asNumber(cost?.amountMicros);
      return {
        type,
        ...base,
        endedReason: asString(m.endedReason),
        transcript: asString(m.transcript),
        messages: asArray(m.messages).flatMap((x) => {
          const o = asObject(x);
          const role = oneOf(o?.role, ROLES);
          return role && typeof o?.text === 'string'
            ? [{ role, text: o.text, secondsFromStart: asNumber(o.secondsFromStart) }]
            : [];
        }),
        summary: asString(m.summary),
        structuredData: asObject(m.structuredData) ?? null,
        recordingUrl: asString(m.recordingUrl),
        cost: amountMicros === null ? null : { amountMicros: Math.round(amountMicros), currency: asString(cost?.currency) ?? 'USD' },
        startedAt: toIsoTime(m.startedAt),
        endedAt: toIsoTime(m.endedAt),
        durationSeconds: asNumber(m.durationSeconds),
      };
    }
    default:
      return unknown();
  }
}
