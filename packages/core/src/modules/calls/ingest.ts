/**
 * One parsed inbox message -> its effects, all inside the caller's transaction (the inbox job's, which
 * also marks the message processed), so a crash leaves either every effect or none.
 */
import type { VoiceServerEvent } from '@voxanne/connector-kit';
import { resolveCall } from './call-rows.ts';
import { vendorTime, type FollowUps, type IngestContext } from './ingest-call.ts';
import { ingestReport } from './ingest-report.ts';
import { ingestStatus } from './ingest-status.ts';
import { ingestTranscript } from './ingest-transcript.ts';

export type { FollowUps, IngestContext } from './ingest-call.ts';

export async function ingestEvent(ctx: IngestContext, event: VoiceServerEvent): Promise<FollowUps> {
  switch (event.type) {
    case 'status-update':
      return ingestStatus(ctx, event);
    case 'end-of-call-report':
      return ingestReport(ctx, event);
    case 'transcript':
      return ingestTranscript(ctx, event);
    case 'hang': {
      // Vapi's notice that the assistant went silent for too long: worth seeing on the timeline.
      const ref = await resolveCall(ctx.tx, ctx.orgId, ctx.connector, event.call);
      if (ref) await ctx.tx('call_events').insert({ org_id: ctx.orgId, call_id: ref.id, type: 'hang', at: vendorTime(event.timestamp) ?? new Date() });
      return {};
    }
    // Answered synchronously by the webhook, never stored; and the rest we only acknowledge.
    case 'assistant-request':
    case 'tool-calls':
    case 'unknown':
      return {};
  }
}
