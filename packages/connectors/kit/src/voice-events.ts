/**
 * What a voice vendor tells our server during and after a call, in vendor-neutral form.
 * Every field that may be absent is `null` (not optional) so consumers handle absence explicitly
 * and tests can compare whole events.
 */
import type { CallStatus } from './voice.ts';

export interface VoiceCallRef {
  externalCallId: string | null;
  direction: 'inbound' | 'outbound' | 'web' | 'unknown';
  assistantExternalId: string | null;
  phoneNumberExternalId: string | null;
  /** Our number (E.164). */
  phoneNumber: string | null;
  /** The caller / callee (E.164). */
  customerNumber: string | null;
  /** Assistant metadata merged with the per-call metadata given to startCall. */
  metadata: Record<string, unknown>;
}

export interface ConversationMessage {
  role: 'assistant' | 'user' | 'system' | 'tool';
  text: string;
  secondsFromStart: number | null;
}

export interface ToolCall {
  toolCallId: string;
  name: string;
  /** Parsed arguments; `{}` when the vendor sent none or sent unparseable JSON. */
  arguments: Record<string, unknown>;
}

/** Cost as an integer, so it never accumulates float error: USD 0.1234 => 123400 micros. */
export interface CallCost {
  amountMicros: number;
  currency: string;
}

interface EventBase {
  call: VoiceCallRef;
  /** When the vendor emitted the message (ISO 8601), if it said. */
  timestamp: string | null;
}

export interface AssistantRequestEvent extends EventBase {
  type: 'assistant-request';
}

export interface ToolCallsEvent extends EventBase {
  type: 'tool-calls';
  toolCalls: ToolCall[];
}

export interface StatusUpdateEvent extends EventBase {
  type: 'status-update';
  status: CallStatus;
  endedReason: string | null;
}

export interface EndOfCallReportEvent extends EventBase {
  type: 'end-of-call-report';
  endedReason: string | null;
  transcript: string | null;
  messages: ConversationMessage[];
  summary: string | null;
  structuredData: Record<string, unknown> | null;
  recordingUrl: string | null;
  cost: CallCost | null;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
}

export interface TranscriptEvent extends EventBase {
  type: 'transcript';
  role: 'assistant' | 'user';
  transcriptType: 'partial' | 'final';
  text: string;
}

export interface HangEvent extends EventBase {
  type: 'hang';
}

/** Anything we do not act on (speech-update, conversation-update, ...). Acknowledge with 2xx. */
export interface UnknownEvent extends EventBase {
  type: 'unknown';
  vendorType: string;
  raw: unknown;
}

export type VoiceServerEvent =
  | AssistantRequestEvent
  | ToolCallsEvent
  | StatusUpdateEvent
  | EndOfCallReportEvent
  | TranscriptEvent
  | HangEvent
  | UnknownEvent;

export type VoiceServerEventType = VoiceServerEvent['type'];

/** Event types that need a synchronous answer in the HTTP response. */
export function eventNeedsResponse(e: VoiceServerEvent): e is AssistantRequestEvent | ToolCallsEvent {
  return e.type === 'assistant-request' || e.type === 'tool-calls';
}

export function emptyCallRef(): VoiceCallRef {
  return {
    externalCallId: null,
    direction: 'unknown',
    assistantExternalId: null,
    phoneNumberExternalId: null,
    phoneNumber: null,
    customerNumber: null,
    metadata: {},
  };
}
