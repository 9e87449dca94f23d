/**
 * status-update -> the call's status and timeline. Status only moves forward: deliveries arrive out of
 * order (a late "ringing" after "in-progress", an "in-progress" after the end), and a call that ended,
 * failed or was cancelled stays that way.
 */
import type { StatusUpdateEvent } from '@voxanne/connector-kit';
import { resolveCall } from './call-rows.ts';
import { lockCall, markStarted, reportApplied, vendorText, vendorTime, type FollowUps, type IngestContext } from './ingest-call.ts';

const RANK: Record<string, number> = { scheduled: 0, queued: 1, ringing: 2, 'in-progress': 3, forwarding: 4, ended: 5, failed: 5, cancelled: 5 };

export const isAhead = (next: string, current: string) => (RANK[next] ?? -1) > (RANK[current] ?? 0);

export async function ingestStatus(ctx: IngestContext, event: StatusUpdateEvent): Promise<FollowUps> {
  const ref = await resolveCall(ctx.tx, ctx.orgId, ctx.connector, event.call);
  if (!ref) return {};
  const call = await lockCall(ctx.tx, ref.id);
  const at = vendorTime(event.timestamp) ?? new Date();
  const reason = vendorText(event.endedReason);
  // The timeline records every status as received, at the vendor's time, so it reads in call order.
  await ctx.tx('call_events').insert({ org_id: ctx.orgId, call_id: call.id, type: 'status', status: event.status, detail: reason, at });

  const patch: Record<string, unknown> = {};
  if (isAhead(event.status, call.status)) patch.status = event.status;
  if (event.status === 'ended') {
    if (!call.ended_at) patch.ended_at = at;
    if (!call.ended_reason && reason) patch.ended_reason = reason;
  }
  if (Object.keys(patch).length) await ctx.tx('calls').where({ id: call.id }).update({ ...patch, updated_at: ctx.tx.fn.now() });

  if ((event.status === 'in-progress' || event.status === 'forwarding') && !reportApplied(call)) await markStarted(ctx, call, at);
  return {};
}
