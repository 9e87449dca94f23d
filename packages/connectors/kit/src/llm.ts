/**
 * The `llm` connector kind: post-call analysis. A connector turns a finished call's transcript into
 * a CallAnalysis (summary, sentiment, intent, lead score, structured fields). Hosted models answer
 * free-form JSON, so every connector runs its answer through parseCallAnalysis: core only ever sees
 * the exact shape below, and a vendor answer that breaks it is an `invalid_response` error.
 */
import { ConnectorError } from './errors.ts';
import { asObject, type JsonObject } from './json.ts';
import type { ConnectionCheck } from './voice.ts';

export type TranscriptRole = 'agent' | 'caller';

export interface TranscriptTurn {
  role: TranscriptRole;
  text: string;
}

export const CALL_SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type CallSentiment = (typeof CALL_SENTIMENTS)[number];

export const CALL_INTENTS = ['book_appointment', 'reschedule', 'cancel', 'question', 'complaint', 'billing', 'other'] as const;
export type CallIntent = (typeof CALL_INTENTS)[number];

export interface CallStructuredData {
  requestedService: string | null;
  preferredTime: string | null;
  insuranceMentioned: boolean;
  insuranceProvider: string | null;
  /** null when the call does not say either way. */
  isNewPatient: boolean | null;
}

export interface CallAnalysis {
  summary: string;
  sentiment: CallSentiment;
  /** -1 (very negative) .. 1 (very positive). */
  sentimentScore: number;
  intent: CallIntent;
  /** 0..100, an integer. */
  leadScore: number;
  /** Human-readable, shown next to the score in the dashboard. */
  leadReasons: string[];
  structured: CallStructuredData;
}

export interface AnalyzeCallContext {
  clinicName?: string;
  /** The clinic's service names; connectors prefer these spellings for requestedService. */
  services?: string[];
}

export interface AnalyzeCallInput {
  transcript: TranscriptTurn[];
  context?: AnalyzeCallContext;
}

export interface LlmConnector {
  /** Vendor id, e.g. 'openai' or 'heuristic'. Also the `connector` field of its errors. */
  readonly id: string;
  /** Rejects with ConnectorError: `invalid_request` for an empty transcript (no vendor call), `invalid_response` for an unusable answer. */
  analyzeCall(input: AnalyzeCallInput): Promise<CallAnalysis>;
  /** Never throws, like VoiceConnector.testConnection. */
  testConnection(): Promise<ConnectionCheck>;
}

/** The role-neutral name used where only analysis is meant. */
export type CallAnalyzer = LlmConnector;

const nullableString = { type: ['string', 'null'] } as const;

/**
 * CallAnalysis as JSON Schema in the subset OpenAI's strict structured outputs accept (every
 * property required, no additionalProperties, nullability as a type union). Ranges are stated in
 * descriptions rather than minimum/maximum because not every strict-mode model enforces them;
 * parseCallAnalysis checks them instead.
 */
export const CALL_ANALYSIS_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'sentiment', 'sentimentScore', 'intent', 'leadScore', 'leadReasons', 'structured'],
  properties: {
    summary: { type: 'string', description: 'Two or three sentences: what the caller wanted and how the call ended.' },
    sentiment: { type: 'string', enum: [...CALL_SENTIMENTS], description: "The caller's sentiment." },
    sentimentScore: { type: 'number', description: 'From -1 (very negative) to 1 (very positive); 0 is neutral.' },
    intent: { type: 'string', enum: [...CALL_INTENTS], description: "The caller's main reason for calling." },
    leadScore: { type: 'integer', description: 'From 0 to 100: how likely this caller becomes a booked, paying patient.' },
    leadReasons: { type: 'array', items: { type: 'string' }, description: 'Short reasons for the lead score.' },
    structured: {
      type: 'object',
      additionalProperties: false,
      required: ['requestedService', 'preferredTime', 'insuranceMentioned', 'insuranceProvider', 'isNewPatient'],
      properties: {
        requestedService: { ...nullableString, description: 'The service the caller asked for, or null.' },
        preferredTime: { ...nullableString, description: "The caller's preferred day/time in their words, or null." },
        insuranceMentioned: { type: 'boolean' },
        insuranceProvider: { ...nullableString, description: 'The insurance company named, or null.' },
        isNewPatient: { type: ['boolean', 'null'], description: 'true/false when the call says so, else null.' },
      },
    },
  },
} as const;

/**
 * Checks a vendor answer against CallAnalysis and returns a clean copy (unknown keys dropped,
 * leadScore rounded, blank strings in nullable fields -> null). Error messages name the field, never
 * its value: the value may be PHI from the transcript, and ConnectorError messages get logged.
 */
export function parseCallAnalysis(value: unknown, connector: string): CallAnalysis {
  const fail = (what: string): never => {
    throw new ConnectorError({ connector, code: 'invalid_response', message: `${connector}: call analysis ${what}` });
  };
  const o = asObject(value) ?? fail('is not a JSON object');
  const s = asObject(o.structured) ?? fail('has no structured object');

  const summary = typeof o.summary === 'string' && o.summary.trim() ? o.summary.trim() : fail('has no summary');
  const sentiment = oneOf(o.sentiment, CALL_SENTIMENTS) ?? fail('has an unknown sentiment');
  const intent = oneOf(o.intent, CALL_INTENTS) ?? fail('has an unknown intent');
  const sentimentScore = inRange(o.sentimentScore, -1, 1) ?? fail('has sentimentScore outside -1..1');
  const leadScore = inRange(o.leadScore, 0, 100) ?? fail('has leadScore outside 0..100');
  // `?? fail` would reject a valid null, so nullable fields check for undefined explicitly.
  const field = <T>(v: T | undefined, name: string): T => (v === undefined ? fail(`has a bad structured.${name}`) : v);
  const reasons = Array.isArray(o.leadReasons) ? o.leadReasons : fail('has no leadReasons array');
  if (!reasons.every((r) => typeof r === 'string')) fail('has a non-string lead reason');

  return {
    summary,
    sentiment,
    sentimentScore,
    intent,
    leadScore: Math.round(leadScore),
    leadReasons: (reasons as string[]).map((r) => r.trim()).filter(Boolean),
    structured: {
      requestedService: field(nullableText(s, 'requestedService'), 'requestedService'),
      preferredTime: field(nullableText(s, 'preferredTime'), 'preferredTime'),
      insuranceMentioned: typeof s.insuranceMentioned === 'boolean' ? s.insuranceMentioned : fail('has a bad structured.insuranceMentioned'),
      insuranceProvider: field(nullableText(s, 'insuranceProvider'), 'insuranceProvider'),
      isNewPatient: s.isNewPatient === null || typeof s.isNewPatient === 'boolean' ? s.isNewPatient : fail('has a bad structured.isNewPatient'),
    },
  };
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | undefined {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

function inRange(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined;
}

/** A nullable string field: null or trimmed text (blank -> null); `undefined` means the field is invalid. */
function nullableText(o: JsonObject, key: string): string | null | undefined {
  const v = o[key];
  if (v === null) return null;
  if (typeof v !== 'string') return undefined;
  return v.trim() || null;
}

/**
 * Validates input before any vendor call: keeps turns with text, trims them. An empty result is
 * `invalid_request` — there is nothing to analyse, and asking a paid model anyway wastes money.
 */
export function normalizeAnalyzeInput(input: AnalyzeCallInput, connector: string): TranscriptTurn[] {
  const turns = (Array.isArray(input?.transcript) ? input.transcript : [])
    .filter((t) => t && (t.role === 'agent' || t.role === 'caller') && typeof t.text === 'string' && t.text.trim())
    .map((t) => ({ role: t.role, text: t.text.replace(/\s+/g, ' ').trim() }));
  if (turns.length === 0) {
    throw new ConnectorError({ connector, code: 'invalid_request', message: `${connector}: the transcript has no text to analyse` });
  }
  return turns;
}

/**
 * One line per turn, `caller: ...` / `agent: ...`. Shared so every hosted-model connector sends the
 * same prompt format, and fakes can read the transcript back out of a request.
 */
export function renderTranscript(turns: TranscriptTurn[]): string {
  return turns.map((t) => `${t.role}: ${t.text.replace(/\s+/g, ' ').trim()}`).join('\n');
}
