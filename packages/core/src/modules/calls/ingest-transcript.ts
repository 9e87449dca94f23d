/**
 * Final `transcript` messages -> one redacted turn appended to the call, so a live view can follow the
 * conversation. Once the end-of-call-report is applied its transcript is authoritative and late live
 * turns are dropped.
 */
import type { TranscriptEvent } from '@voxanne/connector-kit';
import { resolveCall } from './call-rows.ts';
import { lockCall, reportApplied, vendorTime, type FollowUps, type IngestContext } from './ingest-call.ts';
import { redactLiveTurn, type StoredTurn } from './transcript.ts';

export async function ingestTranscript(ctx: IngestContext, event: TranscriptEvent): Promise<FollowUps> {
  if (event.transcriptType !== 'final' || !event.text.trim()) return {};
  const ref = await resolveCall(ctx.tx, ctx.orgId, ctx.connector, event.call);
  if (!ref) return {};
  const call = await lockCall(ctx.tx, ref.id);
  if (reportApplied(call)) return {};

  const last: { turn: StoredTurn | string | null } | undefined = await ctx.tx('calls').where({ id: call.id }).first(ctx.tx.raw('transcript -> -1 AS turn'));
  const previous = typeof last?.turn === 'string' ? (JSON.parse(last.turn) as StoredTurn) : (last?.turn ?? null);
  const at = vendorTime(event.timestamp);
  const seconds = at && call.started_at ? Math.max(0, Math.round((at.getTime() - call.started_at.getTime()) / 10) / 100) : null;
  const turn = redactLiveTurn({ role: event.role === 'assistant' ? 'agent' : 'caller', text: event.text, seconds_from_start: seconds }, previous);
  await ctx.tx('calls')
    .where({ id: call.id })
    .update({ transcript: ctx.tx.raw('transcript || ?::jsonb', [JSON.stringify([turn])]), updated_at: ctx.tx.fn.now() });
  return {};
}
