/**
 * Neutral VoiceServerEvent -> the JSON body Vapi POSTs to our server URL, following the SDK's
 * ServerMessage* types. `legacy: true` produces the older end-of-call-report layout (top-level
 * transcript/summary/recordingUrl/messages, no artifact/analysis) that some payloads still use.
 */
import type { ConversationMessage, VoiceCallRef, VoiceServerEvent } from '@voxanne/connector-kit';

type Json = Record<string, unknown>;

const CALL_TYPE: Record<VoiceCallRef['direction'], string | undefined> = {
  inbound: 'inboundPhoneCall',
  outbound: 'outboundPhoneCall',
  web: 'webCall',
  unknown: undefined,
};

const ROLE: Record<ConversationMessage['role'], string> = {
  assistant: 'bot',
  user: 'user',
  system: 'system',
  tool: 'tool_call_result',
};

const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

function envelope(call: VoiceCallRef, timestamp: string | null): Json {
  const customer = call.customerNumber ? { number: call.customerNumber } : undefined;
  const metadata = Object.keys(call.metadata).length ? call.metadata : undefined;
  return defined({
    timestamp: timestamp ? Date.parse(timestamp) : undefined,
    call: defined({
      id: call.externalCallId,
      orgId: 'org-fake-vapi',
      type: CALL_TYPE[call.direction],
      assistantId: call.assistantExternalId,
      phoneNumberId: call.phoneNumberExternalId,
      customer,
      assistantOverrides: metadata ? { metadata } : undefined,
    }),
    phoneNumber: call.phoneNumberExternalId || call.phoneNumber ? defined({ id: call.phoneNumberExternalId, number: call.phoneNumber }) : undefined,
    customer,
  });
}

export function encodeVapiServerMessage(event: VoiceServerEvent, opts: { legacy?: boolean } = {}): { message: Json } {
  const base = envelope(event.call, event.timestamp);
  switch (event.type) {
    case 'assistant-request':
    case 'hang':
      return { message: { type: event.type, ...base } };
    case 'unknown':
      return { message: { type: event.vendorType, ...base } };
    case 'status-update':
      return { message: defined({ type: event.type, ...base, status: event.status, endedReason: event.endedReason }) };
    case 'transcript':
      return {
        message: {
          type: event.transcriptType === 'final' ? 'transcript[transcriptType="final"]' : 'transcript',
          ...base,
          role: event.role,
          transcriptType: event.transcriptType,
          transcript: event.text,
        },
      };
    case 'tool-calls':
      return {
        message: {
          type: event.type,
          ...base,
          // Vapi sends both lists; arguments as a JSON string in one, an object in the other.
          toolCallList: event.toolCalls.map((t) => ({
            id: t.toolCallId,
            type: 'function',
            function: { name: t.name, arguments: JSON.stringify(t.arguments) },
          })),
          toolWithToolCallList: event.toolCalls.map((t) => ({
            type: 'function',
            function: { name: t.name },
            toolCall: { id: t.toolCallId, type: 'function', function: { name: t.name, parameters: t.arguments } },
          })),
        },
      };
    case 'end-of-call-report': {
      const messages = event.messages.map((m) =>
        defined({
          role: ROLE[m.role],
          ...(m.role === 'tool' ? { result: m.text } : { message: m.text }),
          time: event.startedAt && m.secondsFromStart !== null ? Date.parse(event.startedAt) + m.secondsFromStart * 1000 : undefined,
          secondsFromStart: m.secondsFromStart,
        }),
      );
      const common = defined({
        type: event.type,
        ...base,
        endedReason: event.endedReason,
        cost: event.cost ? event.cost.amountMicros / 1_000_000 : undefined,
        startedAt: event.startedAt,
        endedAt: event.endedAt,
      });
      if (opts.legacy) {
        return {
          message: defined({
            ...common,
            transcript: event.transcript,
            messages,
            summary: event.summary,
            structuredData: event.structuredData,
            recordingUrl: event.recordingUrl,
            durationSeconds: event.durationSeconds,
          }),
        };
      }
      return {
        message: {
          ...common,
          artifact: defined({ transcript: event.transcript, messages, recordingUrl: event.recordingUrl }),
          analysis: defined({ summary: event.summary, structuredData: event.structuredData }),
        },
      };
    }
  }
}
