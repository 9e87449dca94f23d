/**
 * Job names of the live-call pipeline, in one place because producers and consumers live in different
 * modules (the webhook enqueues analysis; the ingest enqueues campaign ticks; outbound enqueues dials).
 */
export const CALL_JOBS = {
  /** Process one stored voice inbox message: { orgId, inboxId }. */
  inbox: 'voice.inbox',
  /** Re-enqueue inbox rows whose job was lost (Redis down at receive time, process killed): {}. */
  inboxSweep: 'voice.inbox-sweep',
  /** Post-call analysis: { orgId, callId }. jobId `analyze-${callId}` so a duplicate is a no-op. */
  analyze: 'calls.analyze',
  /** Place one outbound call: { orgId, callId }. */
  dial: 'calls.dial',
  /** Advance a campaign (reconcile finished calls, dial what is due within its caps): { orgId, campaignId }. */
  campaignTick: 'campaigns.tick',
} as const;
