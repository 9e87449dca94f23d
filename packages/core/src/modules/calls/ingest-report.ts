/**
 * end-of-call-report -> the call record: how it ended, what it cost, the redacted transcript, summary and
 * structured data, the outcome, the encrypted original when the org keeps originals, `call.ended`, and the
 * contact's last call. Applied once per call: a report for a call that already has an outcome does nothing.
 */
import type { EndOfCallReportEvent } from '@voxanne/connector-kit';
import { redactDeep, redactText } from '../../platform/phi/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { loadCallSettings } from '../call-settings/index.ts';
import { resolveCall } from './call-rows.ts';
import { lockCall, markStarted, reportApplied, vendorText, vendorTime, type FollowUps, type IngestContext } from './ingest-call.ts';
import { deriveOutcome } from './outcome.ts';
import { encryptOriginal } from './original.ts';
import { redactTurns, reportTurns } from './transcript.ts';

const TERMINAL = new Set(['ended', 'failed', 'cancelled']);
// numeric(10, 2)
const MAX_DURATION_SECONDS = 99_999_999;

function duration(reported: number | null, startedAt: Date | null, endedAt: Date): number | null {
  const seconds = reported ?? (startedAt ? (endedAt.getTime() - startedAt.getTime()) / 1000 : null);
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  return Math.min(Math.round(seconds * 100) / 100, MAX_DURATION_SECONDS);
}

/** Only a plain web URL is kept: anything else would be rendered as a link in the portal. */
function recordingUrl(value: string | null): string | null {
  if (!value || value.length > 2048) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

export async function ingestReport(ctx: IngestContext, event: EndOfCallReportEvent): Promise<FollowUps> {
  const { tx, orgId } = ctx;
  const ref = await resolveCall(tx, orgId, ctx.connector, event.call);
  if (!ref) return {};
  const call = await lockCall(tx, ref.id);
  if (reportApplied(call)) return {};

  const turns = reportTurns(event.messages, event.transcript);
  const callerTurns = turns.filter((t) => t.role === 'caller').length;
  const endedAt = vendorTime(event.endedAt) ?? vendorTime(event.timestamp) ?? new Date();
  const seconds = duration(event.durationSeconds, call.started_at ?? vendorTime(event.startedAt), endedAt);
  const endedReason = vendorText(event.endedReason) ?? call.ended_reason;
  const toolCalls: { name: string; ok: boolean }[] = await tx('call_tool_calls').where({ call_id: call.id }).select('name', 'ok');
  const outcome = deriveOutcome({ endedReason, toolCalls, callerTurns, durationSeconds: seconds });
  const summary = event.summary ? redactText(event.summary).text : null;
  const settings = await loadCallSettings(tx, orgId);

  // A report that carries a conversation shows the call was answered, even if its in-progress status never came.
  if (turns.length && !call.started_at) {
    const startedAt = vendorTime(event.startedAt) ?? (seconds !== null ? new Date(endedAt.getTime() - seconds * 1000) : endedAt);
    await markStarted(ctx, call, startedAt);
  }

  await tx('calls')
    .where({ id: call.id })
    .update({
      status: TERMINAL.has(call.status) ? call.status : 'ended',
      ended_at: endedAt,
      duration_seconds: seconds,
      cost_micros: event.cost?.amountMicros ?? null,
      cost_currency: event.cost ? event.cost.currency.slice(0, 8) : null,
      ended_reason: endedReason,
      outcome,
      recording_url: recordingUrl(event.recordingUrl),
      // The authoritative transcript replaces the live one appended from transcript messages.
      transcript: JSON.stringify(redactTurns(turns)),
      summary,
      structured_data: event.structuredData ? JSON.stringify(redactDeep(event.structuredData)) : null,
      original_enc: settings.keepOriginalTranscripts ? encryptOriginal(ctx.keyring, orgId, call.id, { transcript: turns, summary: event.summary }) : null,
      analysis_status: 'pending',
      updated_at: tx.fn.now(),
    });
  await tx('call_events').insert({ org_id: orgId, call_id: call.id, type: 'ended', status: 'ended', detail: endedReason ?? outcome, at: endedAt });
  if (call.contact_id) {
    // GREATEST ignores NULL; a late report never moves the contact's last call back in time.
    await tx('contacts')
      .where({ id: call.contact_id })
      .update({ last_call_at: tx.raw('GREATEST(last_call_at, ?::timestamptz)', [endedAt]), updated_at: tx.fn.now() });
  }
  // No numbers and no transcript: subscribers fetch the call with their own access. The summary is redacted.
  await emitEvent(tx, orgId, 'call.ended', {
    call_id: call.id,
    agent_id: call.agent_id,
    contact_id: call.contact_id,
    direction: call.direction,
    outcome,
    duration_seconds: seconds,
    ended_reason: endedReason,
    summary,
  });
  return { analyzeCallId: call.id, ...(call.campaign_id ? { campaignId: call.campaign_id } : {}) };
}
