/**
 * Vapi server message JSON -> VoiceServerEvent. Field locations drift between Vapi API versions
 * and integrations, so every read is defensive: modern locations first (message.artifact.*,
 * message.analysis.*, toolCallList), then legacy top-level fields.
 */
import {
  asArray,
  asNumber,
  asObject,
  asString,
  emptyCallRef,
  firstString,
  parseArguments,
  toIsoTime,
  type CallStatus,
  type ConversationMessage,
  type JsonObject,
  type ToolCall,
  type VoiceCallRef,
  type VoiceServerEvent,
} from '@voxanne/connector-kit';

const STATUS: Record<string, CallStatus> = {
  scheduled: 'queued',
  queued: 'queued',
  ringing: 'ringing',
  'in-progress': 'in-progress',
  forwarding: 'forwarding',
  ended: 'ended',
};

export function mapVapiCallStatus(v: unknown): CallStatus | null {
  return typeof v === 'string' ? (STATUS[v] ?? null) : null;
}

const DIRECTION: Record<string, VoiceCallRef['direction']> = {
  inboundPhoneCall: 'inbound',
  outboundPhoneCall: 'outbound',
  webCall: 'web',
  'vapi.websocketCall': 'web',
};

function callRef(m: JsonObject): VoiceCallRef {
  const call = asObject(m.call);
  const phone = asObject(m.phoneNumber) ?? asObject(call?.phoneNumber);
  const customer = asObject(m.customer) ?? asObject(call?.customer);
  const assistant = asObject(m.assistant) ?? asObject(call?.assistant);
  const overrides = asObject(call?.assistantOverrides);
  return {
    ...emptyCallRef(),
    externalCallId: asString(call?.id),
    direction: (typeof call?.type === 'string' && DIRECTION[call.type]) || 'unknown',
    assistantExternalId: firstString(call?.assistantId, assistant?.id),
    phoneNumberExternalId: firstString(call?.phoneNumberId, phone?.id),
    phoneNumber: firstString(phone?.number),
    customerNumber: firstString(customer?.number),
    // startCall puts per-call metadata in assistantOverrides.metadata, on top of the assistant's.
    metadata: { ...asObject(assistant?.metadata), ...asObject(call?.metadata), ...asObject(overrides?.metadata) },
  };
}

/**
 * Tool calls appear in `toolCallList` (current), `toolWithToolCallList` (current, wrapped with the
 * tool definition) and `toolCalls` (older). The same call often appears in two lists: dedupe by id.
 */
function toolCalls(m: JsonObject): ToolCall[] {
  const out = new Map<string, ToolCall>();
  const items = [...asArray(m.toolCallList), ...asArray(m.toolWithToolCallList), ...asArray(m.toolCalls)];
  for (const raw of items) {
    const item = asObject(raw);
    if (!item) continue;
    const tc = asObject(item.toolCall) ?? item;
    const fn = asObject(tc.function);
    const id = firstString(tc.id, tc.toolCallId, item.id);
    const name = firstString(fn?.name, tc.name, asObject(item.function)?.name, item.name);
    if (!id || !name || out.has(id)) continue;
    const args = fn?.arguments ?? tc.arguments ?? fn?.parameters ?? tc.parameters;
    out.set(id, { toolCallId: id, name, arguments: parseArguments(args) });
  }
  return [...out.values()];
}

const ROLE: Record<string, ConversationMessage['role']> = {
  bot: 'assistant',
  assistant: 'assistant',
  user: 'user',
  system: 'system',
  tool_calls: 'tool',
  tool_call_result: 'tool',
  tool: 'tool',
};

function conversation(raw: unknown[]): ConversationMessage[] {
  return raw.flatMap((x) => {
    const o = asObject(x);
    const role = typeof o?.role === 'string' ? ROLE[o.role] : undefined;
    if (!o || !role) return [];
    let text = firstString(o.message, o.content, o.result);
    if (text === null && o.role === 'tool_calls') {
      // A tool invocation has no text; render it so transcripts show what the assistant did.
      text = toolCalls({ toolCalls: o.toolCalls }).map((t) => `${t.name}(${JSON.stringify(t.arguments)})`).join('; ') || null;
    }
    return text === null ? [] : [{ role, text, secondsFromStart: asNumber(o.secondsFromStart) }];
  });
}

function endOfCallReport(m: JsonObject, base: { call: VoiceCallRef; timestamp: string | null }): VoiceServerEvent {
  const artifact = asObject(m.artifact);
  const analysis = asObject(m.analysis);
  const call = asObject(m.call);
  const messages = asArray(artifact?.messages).length ? asArray(artifact?.messages) : asArray(m.messages);
  const startedAt = toIsoTime(m.startedAt ?? call?.startedAt);
  const endedAt = toIsoTime(m.endedAt ?? call?.endedAt);
  const cost = asNumber(m.cost) ?? asNumber(call?.cost);
  const computed = startedAt && endedAt ? (Date.parse(endedAt) - Date.parse(startedAt)) / 1000 : null;
  return {
    type: 'end-of-call-report',
    ...base,
    endedReason: firstString(m.endedReason, call?.endedReason),
    transcript: firstString(artifact?.transcript, m.transcript),
    messages: conversation(messages),
    summary: firstString(analysis?.summary, m.summary),
    structuredData: asObject(analysis?.structuredData) ?? asObject(m.structuredData) ?? null,
    recordingUrl: firstString(
      artifact?.recordingUrl,
      asObject(asObject(artifact?.recording)?.mono)?.combinedUrl,
      m.recordingUrl,
      artifact?.stereoRecordingUrl,
      m.stereoRecordingUrl,
    ),
    cost: cost === null ? null : { amountMicros: Math.round(cost * 1_000_000), currency: 'USD' },
    startedAt,
    endedAt,
    durationSeconds: computed ?? asNumber(m.durationSeconds),
  };
}

export function parseVapiServerMessage(json: unknown): VoiceServerEvent {
  const m = asObject(asObject(json)?.message);
  const type = typeof m?.type === 'string' ? m.type : '';
  const base = m ? { call: callRef(m), timestamp: toIsoTime(m.timestamp) } : { call: emptyCallRef(), timestamp: null };
  const unknown = (): VoiceServerEvent => ({ type: 'unknown', vendorType: type, raw: json, ...base });
  if (!m) return unknown();

  switch (type) {
    case 'assistant-request':
    case 'hang':
      return { type, ...base };
    case 'tool-calls':
      return { type, ...base, toolCalls: toolCalls(m) };
    case 'status-update': {
      const status = mapVapiCallStatus(m.status);
      return status ? { type, ...base, status, endedReason: asString(m.endedReason) } : unknown();
    }
    case 'end-of-call-report':
      return endOfCallReport(m, base);
    case 'transcript':
    case 'transcript[transcriptType="final"]': {
      const role = m.role === 'assistant' || m.role === 'user' ? m.role : null;
      const text = asString(m.transcript);
      if (!role || text === null) return unknown();
      return { type: 'transcript', ...base, role, transcriptType: m.transcriptType === 'partial' ? 'partial' : 'final', text };
    }
    default:
      return unknown();
  }
}
