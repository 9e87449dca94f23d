/**
 * The voice connector kind: whatever places and answers phone calls with an AI assistant
 * (Vapi in production, the in-memory simulator locally). Core talks only to this interface.
 */
import type { VoiceServerEvent } from './voice-events.ts';

/** A function the assistant may call mid-conversation; Vapi-style "tool calls" land on our server. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  /**
   * Set on a transfer tool: the E.164 number to transfer to. A vendor that transfers calls itself (Vapi)
   * deploys it as its native transfer tool, because a function result cannot move a live call; others
   * (the simulator) send it to our webhook like any tool.
   */
  transferTo?: string;
}

/** Vendor-neutral description of one deployed agent revision. */
export interface AssistantSpec {
  /** Display name at the vendor. Vendors cap its length (Vapi: 40), connectors truncate. */
  name: string;
  systemPrompt: string;
  firstMessage?: string;
  voice: { provider: 'elevenlabs' | 'openai' | 'local'; voiceId: string };
  /** LLM that drives the conversation, e.g. { provider: 'openai', model: 'gpt-4o' }. */
  model: { provider: string; model: string };
  tools: ToolSpec[];
  /** Our webhook endpoint: live messages (tool calls) and call reports go here. */
  serverUrl: string;
  /**
   * Optional guard. Connectors sign/authenticate server messages with the secret configured on
   * the connector (settings.webhookSecret), because verifyWebhook must check a message before we
   * know which assistant it is about. When this is set and differs from that secret, upsert fails
   * with `invalid_request` instead of deploying an assistant whose messages we would reject.
   */
  serverSecret?: string;
  /** BCP-47-ish language of the caller, e.g. 'en' or 'es-US'. */
  language?: string;
  maxDurationSeconds?: number;
  voicemailMessage?: string;
  endCallMessage?: string;
  metadata: { orgId: string; agentId: string; revisionId: string } & Record<string, string>;
}

/**
 * OpenAI voices that Vapi plays only with a realtime (speech-to-speech) model: "ash, ballad, coral, sage, and
 * verse may only be used with realtime or GPT-Live models" (@vapi-ai/server-sdk 2.0.1, OpenAiVoiceId). OpenAI's
 * own text-to-speech renders them with any model, so only an agent's deployment is affected, not previews.
 */
export const REALTIME_ONLY_OPENAI_VOICES: readonly string[] = ['ash', 'ballad', 'coral', 'sage', 'verse'];

/** gpt-realtime-*, gpt-4o-realtime-preview-*, gpt-4o-mini-realtime-preview-* and the GPT-Live family. */
export function isRealtimeModel(model: string): boolean {
  return /realtime|(^|[-_])gpt-live/i.test(model);
}

/** The reason `voice` cannot speak for `model` on a voice vendor, or null when the pair works. */
export function realtimeVoiceConflict(voice: { provider: string; voiceId: string }, model: { model: string }): string | null {
  if (voice.provider !== 'openai' || !REALTIME_ONLY_OPENAI_VOICES.includes(voice.voiceId) || isRealtimeModel(model.model)) return null;
  return `The OpenAI voice "${voice.voiceId}" works only with a realtime model (such as gpt-realtime-2025-08-28), not with "${model.model}". Choose another voice or a realtime model.`;
}

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'forwarding' | 'ended';

export interface ImportPhoneNumberInput {
  provider: 'twilio';
  /** E.164 */
  number: string;
  twilioAccountSid: string;
  twilioAuthToken: string;
  name?: string;
  /** Where the vendor asks which assistant answers when the number has none (assistant-request). */
  serverUrl?: string;
  /**
   * We handle this number's texts (our Twilio integration sends them and receives the replies): the vendor
   * must leave the number's SMS webhook alone. Unset leaves the vendor's default (Vapi takes it over).
   */
  keepSmsWebhook?: boolean;
}

export interface CreateProviderNumberInput {
  areaCode?: string;
  name?: string;
  serverUrl?: string;
}

export interface PhoneNumberRef {
  externalId: string;
  /** E.164; null when the vendor has not provisioned the digits yet. */
  number: string | null;
}

export interface StartCallInput {
  assistantExternalId: string;
  phoneNumberExternalId: string;
  /** E.164 of the person we are calling. */
  customerNumber: string;
  /** Comes back on every server message about this call (e.g. our call id, org id). */
  metadata: Record<string, string>;
}

export interface StartCallResult {
  externalCallId: string;
  status: CallStatus;
}

/** Headers as node's IncomingHttpHeaders (or any plain record) give them to us. */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface WebhookRequest {
  /** The body exactly as received. Signatures are over bytes, never over re-serialised JSON. */
  rawBody: string;
  headers: WebhookHeaders;
}

export interface ToolCallResult {
  toolCallId: string;
  /** Tool name, echoed back (Vapi wants it). */
  name: string;
  /** Exactly one of result / error. Both are spoken-context strings; connectors flatten newlines. */
  result?: string;
  error?: string;
}

/** Our answer to an `assistant-request` (an inbound call on a number with no assistant). */
export type AssistantRequestReply =
  | { assistantExternalId: string }
  | { assistant: AssistantSpec }
  | { forwardTo: string }
  | { error: string };

export interface ServerCredentialInput {
  /** The credential to update; null or absent creates one. */
  credentialId?: string | null;
  /** When `credentialId` names nothing at the vendor: create a new one (true), or fail with `not_found` (false). */
  createIfMissing: boolean;
  /** Display name at the vendor (Vapi caps it at 40 characters). */
  name: string;
}

export interface ConnectionCheck {
  ok: boolean;
  /** Human-readable; shown in the dashboard next to the integration. Never contains secrets. */
  detail: string;
}

export interface VoiceConnector {
  /** Vendor id, e.g. 'vapi' or 'simulator'. Also the `connector` field of its errors. */
  readonly id: string;

  /** Creates the assistant when `externalId` is absent (or no longer exists at the vendor), else updates it. */
  upsertAssistant(spec: AssistantSpec, externalId?: string | null): Promise<{ externalId: string }>;
  /** Idempotent: deleting an assistant the vendor no longer has succeeds. */
  deleteAssistant(externalId: string): Promise<void>;

  importPhoneNumber(input: ImportPhoneNumberInput): Promise<PhoneNumberRef>;
  /** Buys/provisions a number from the voice vendor itself. */
  createProviderNumber(input: CreateProviderNumberInput): Promise<PhoneNumberRef>;
  /** `null` detaches the assistant, so inbound calls trigger an assistant-request instead. */
  assignPhoneNumber(externalNumberId: string, assistantExternalId: string | null): Promise<void>;
  /** Idempotent like deleteAssistant. */
  releasePhoneNumber(externalNumberId: string): Promise<void>;

  startCall(input: StartCallInput): Promise<StartCallResult>;

  /** True only for a correctly signed, fresh request. Never throws for bad input. */
  verifyWebhook(req: WebhookRequest): boolean;
  /** Parses an already-verified JSON body. Unknown message types become `{type:'unknown'}`, never a throw. */
  parseServerMessage(json: unknown): VoiceServerEvent;
  /** The body to answer a `tool-calls` event with (always HTTP 200). */
  toolCallsResponse(results: ToolCallResult[]): unknown;
  /** The body to answer an `assistant-request` event with (always HTTP 200). */
  assistantRequestResponse(reply: AssistantRequestReply): unknown;

  /** Never throws: bad credentials and outages come back as `{ ok: false }`. */
  testConnection(): Promise<ConnectionCheck>;

  /**
   * For vendors that authenticate their server messages only through a credential stored with them (Vapi's
   * webhook credentials): creates or updates the one that holds this connector's webhook secret and the
   * signing scheme verifyWebhook checks. Assistants and numbers then name it (connector setting). Vendors
   * without such a thing (the simulator signs with the secret it was given) leave it out.
   */
  ensureServerCredential?(input: ServerCredentialInput): Promise<{ credentialId: string }>;
}
