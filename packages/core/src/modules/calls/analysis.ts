/**
 * Post-call analysis. The analyzer reads the REDACTED transcript: a hosted model never needs a
 * patient's SSN or card number to judge sentiment or intent, so it never receives them. Its answer
 * is redacted again before storage, because a model can echo or invent identifiers.
 */
import { ConnectorError, type CallAnalysis, type TranscriptTurn } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { withLivemode } from '../../platform/db/livemode.ts';
import { redactDeep } from '../../platform/phi/index.ts';
import { emitEvent } from '../outbox/index.ts';
import type { components } from '../../generated/api.ts';
import { CALL_JOBS } from './jobs.ts';

type StoredTurn = components['schemas']['TranscriptTurn'];
type AnalysisApi = components['schemas']['CallAnalysis'];

export const ANALYZE_ATTEMPTS = 4;

const toAnalyzerTurns = (turns: StoredTurn[]): TranscriptTurn[] =>
  turns.flatMap((t): TranscriptTurn[] => (t.role === 'agent' || t.role === 'caller' ? [{ role: t.role, text: t.text }] : []));

function toApi(a: CallAnalysis, analyzer: string): AnalysisApi {
  return redactDeep({
    summary: a.summary,
    sentiment: a.sentiment,
    sentiment_score: a.sentimentScore,
    intent: a.intent,
    lead_score: a.leadScore,
    lead_reasons: a.leadReasons,
    requested_service: a.structured.requestedService,
    preferred_time: a.structured.preferredTime,
    insurance_mentioned: a.structured.insuranceMentioned,
    insurance_provider: a.structured.insuranceProvider,
    is_new_patient: a.structured.isNewPatient,
    analyzer,
    analyzed_at: new Date().toISOString(),
  });
}

type Result = { status: 'completed' } | { status: 'skipped'; reason: string };

/**
 * Runs the analyzer and stores the result with its events. Throws ConnectorError when the vendor
 * failed (the caller decides between retrying and recording the failure).
 */
export async function runCallAnalysis(deps: Deps, orgId: string, callId: string): Promise<Result> {
  const loaded = await inScope(deps.knex, { orgId }, async (tx) => {
    const call = await tx('calls').where({ id: callId }).first('status', 'transcript', 'contact_id', 'livemode');
    if (!call) return null;
    const [org, services] = await Promise.all([
      tx('orgs').where({ id: orgId }).first('name'),
      tx('services').whereNull('deleted_at').orderBy('name').limit(50).pluck('name'),
    ]);
    return { call, clinicName: (org?.name as string | undefined) ?? undefined, services: services as string[] };
  });
  if (!loaded) throw notFound('Call');
  const turns = toAnalyzerTurns(typeof loaded.call.transcript === 'string' ? JSON.parse(loaded.call.transcript) : loaded.call.transcript);
  if (!turns.length) {
    // Unanswered and voicemail-only calls have nothing to analyse; that is not a failure.
    await inScope(deps.knex, { orgId }, (tx) => tx('calls').where({ id: callId }).update({ analysis_status: 'none', analysis_error: null, updated_at: tx.fn.now() }));
    return { status: 'skipped', reason: 'empty_transcript' };
  }

  // A test call is never sent to a real analyzer, and what its analysis writes is test data (decision 0012).
  const livemode: boolean = loaded.call.livemode;
  const analyzer = await withLivemode(livemode, () => deps.connectors.llm(orgId, { livemode }));
  const analysis = toApi(await analyzer.analyzeCall({ transcript: turns, context: { ...(loaded.clinicName ? { clinicName: loaded.clinicName } : {}), services: loaded.services } }), analyzer.id);

  await inScope(deps.knex, { orgId, livemode }, async (tx) => {
    await tx('calls').where({ id: callId }).update({
      analysis: JSON.stringify(analysis),
      analysis_status: 'completed',
      analysis_error: null,
      analyzed_at: analysis.analyzed_at,
      sentiment: analysis.sentiment,
      lead_score: analysis.lead_score,
      updated_at: tx.fn.now(),
    });
    await tx('call_events').insert({ org_id: orgId, call_id: callId, type: 'analyzed', detail: `${analyzer.id}: ${analysis.sentiment}, lead ${analysis.lead_score}` });
    if (loaded.call.contact_id) {
      // A contact's score is its latest analysed call's: leads cool down as well as warm up.
      await tx('contacts')
        .where({ id: loaded.call.contact_id })
        .update({ lead_score: analysis.lead_score, lead_reasons: JSON.stringify(analysis.lead_reasons), updated_at: tx.fn.now() });
    }
    await emitEvent(tx, orgId, 'call.analyzed', {
      call_id: callId,
      contact_id: loaded.call.contact_id ?? null,
      sentiment: analysis.sentiment,
      intent: analysis.intent,
      lead_score: analysis.lead_score,
      summary: analysis.summary,
    });
  });
  return { status: 'completed' };
}

async function recordFailure(deps: Deps, orgId: string, callId: string, code: string): Promise<void> {
  await inScope(deps.knex, { orgId }, async (tx) => {
    await tx('calls').where({ id: callId }).update({ analysis_status: 'failed', analysis_error: code, updated_at: tx.fn.now() });
    await tx('call_events').insert({ org_id: orgId, call_id: callId, type: 'analysis_failed', detail: code });
  });
}

const errorCode = (err: unknown) => (err instanceof ConnectorError ? `${err.connector}_${err.code}` : 'internal_error');

/** The job: retried while the vendor error is retryable; the last failure is recorded on the call. */
export function registerAnalysisJob(deps: Deps): void {
  deps.queue.process<{ orgId: string; callId: string }>(CALL_JOBS.analyze, async (job) => {
    const { orgId, callId } = job.data;
    try {
      await runCallAnalysis(deps, orgId, callId);
    } catch (err) {
      const retry = err instanceof ConnectorError && err.retryable && job.attempt < ANALYZE_ATTEMPTS;
      deps.logger.warn({ callId, attempt: job.attempt, code: errorCode(err), retry }, 'call analysis failed');
      if (retry) throw err;
      if (!(err instanceof ApiError && err.status === 404)) await recordFailure(deps, orgId, callId, errorCode(err));
    }
  });
}

/** `POST /v1/calls/{id}/analyze`: synchronous, so the caller sees the new analysis or the vendor's problem. */
export async function reanalyzeCall(deps: Deps, orgId: string, callId: string): Promise<void> {
  const call = await inScope(deps.knex, { orgId }, (tx) => tx('calls').where({ id: callId }).first('status'));
  if (!call) throw notFound('Call');
  if (call.status !== 'ended') throw new ApiError(409, 'call_not_ended', 'A call can be analysed once it has ended.');
  try {
    const result = await runCallAnalysis(deps, orgId, callId);
    if (result.status === 'skipped') throw new ApiError(409, 'nothing_to_analyze', 'The call has no conversation to analyse.');
  } catch (err) {
    if (err instanceof ConnectorError) {
      await recordFailure(deps, orgId, callId, errorCode(err));
      throw deps.connectors.problem(err);
    }
    throw err;
  }
}
