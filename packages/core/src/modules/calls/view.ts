/** Call rows -> the API's CallListItem and Call. Everything stored here is already redacted. */
import type { components } from '../../generated/api.ts';
import { iso, isoRequired } from '../../platform/db/rows.ts';

type Schemas = components['schemas'];
export type CallApi = Schemas['Call'];
export type CallListItemApi = Schemas['CallListItem'];

export interface CallRow {
  id: string;
  org_id: string;
  connector: string;
  external_call_id: string | null;
  direction: CallApi['direction'];
  status: CallApi['status'];
  test_mode: boolean;
  livemode: boolean;
  agent_id: string | null;
  revision_id: string | null;
  phone_number_id: string | null;
  contact_id: string | null;
  campaign_id: string | null;
  from_number: string | null;
  to_number: string | null;
  scheduled_at: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
  duration_seconds: string | number | null;
  cost_micros: string | number | null;
  cost_currency: string | null;
  ended_reason: string | null;
  outcome: CallApi['outcome'];
  recording_url: string | null;
  transcript: Schemas['TranscriptTurn'][] | string;
  summary: string | null;
  structured_data: Record<string, unknown> | string | null;
  original_enc: string | null;
  analysis: Schemas['CallAnalysis'] | string | null;
  analysis_status: CallApi['analysis_status'];
  analysis_error: string | null;
  sentiment: CallApi['sentiment'];
  lead_score: number | null;
  failure_reason: string | null;
  metadata: Record<string, string> | string;
  created_at: Date;
  updated_at: Date;
}

export interface CallTimelineRow {
  type: string;
  status: string | null;
  detail: string | null;
  at: Date;
}

export interface CallToolCallRow {
  tool_call_id: string;
  name: string;
  arguments: Record<string, unknown> | string;
  ok: boolean;
  result: string;
  duration_ms: number;
  timed_out: boolean;
  created_at: Date;
}

// PGlite hands jsonb back as text in some paths; pg always parses it.
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export function callListItemToApi(r: CallRow): CallListItemApi {
  return {
    id: r.id,
    object: 'call',
    direction: r.direction,
    status: r.status,
    test_mode: r.test_mode,
    livemode: r.livemode,
    agent_id: r.agent_id,
    phone_number_id: r.phone_number_id,
    contact_id: r.contact_id,
    campaign_id: r.campaign_id,
    from_number: r.from_number,
    to_number: r.to_number,
    scheduled_at: iso(r.scheduled_at),
    started_at: iso(r.started_at),
    ended_at: iso(r.ended_at),
    duration_seconds: num(r.duration_seconds),
    ended_reason: r.ended_reason,
    outcome: r.outcome,
    summary: r.summary,
    sentiment: r.sentiment,
    lead_score: r.lead_score,
    analysis_status: r.analysis_status,
    created_at: isoRequired(r.created_at),
    updated_at: isoRequired(r.updated_at),
  };
}

export function callToApi(r: CallRow, timeline: CallTimelineRow[], toolCalls: CallToolCallRow[]): CallApi {
  const cost = num(r.cost_micros);
  return {
    ...callListItemToApi(r),
    connector: r.connector,
    revision_id: r.revision_id,
    cost: cost === null ? null : { amount_micros: cost, currency: r.cost_currency ?? 'USD' },
    failure_reason: r.failure_reason,
    recording_url: r.recording_url,
    transcript: json(r.transcript),
    structured_data: r.structured_data === null ? null : json(r.structured_data),
    analysis_error: r.analysis_error,
    analysis: r.analysis === null ? null : json(r.analysis),
    has_original_transcript: r.original_enc !== null,
    metadata: json(r.metadata),
    timeline: timeline.map((t) => ({ type: t.type, status: t.status, detail: t.detail, at: isoRequired(t.at) })),
    tool_calls: toolCalls.map((t) => ({
      tool_call_id: t.tool_call_id,
      name: t.name,
      arguments: json(t.arguments),
      ok: t.ok,
      result: t.result,
      duration_ms: t.duration_ms,
      timed_out: t.timed_out,
      at: isoRequired(t.created_at),
    })),
  };
}
