/**
 * How outbound work is enqueued. Job ids are deterministic so a repeated enqueue does nothing twice:
 * a call's first dial job is `dial-<call>` (what cancelling removes); a dial that waited for a free line
 * runs again as `dial-<call>-w<n>`; campaign ticks are bucketed in time, so however many producers ask
 * for a tick of one campaign in the same bucket (the tick itself, the webhook ingest when a call ends,
 * pause/resume), one runs.
 */
import type { Deps } from '../../platform/deps.ts';
import { CALL_JOBS } from '../calls/index.ts';

export interface DialJob {
  orgId: string;
  callId: string;
  /** How many times this call has already waited for a free line. */
  waits?: number;
}

export interface CampaignTickJob {
  orgId: string;
  campaignId: string;
}

export const DIAL_ATTEMPTS = 5;
export const DIAL_BACKOFF_MS = 2_000;
const TICK_BUCKET_MS = 2_000;

export const dialJobId = (callId: string) => `dial-${callId}`;

export async function enqueueDial(deps: Deps, job: DialJob, delayMs = 0): Promise<void> {
  const jobId = job.waits ? `${dialJobId(job.callId)}-w${job.waits}` : dialJobId(job.callId);
  await deps.queue.add(CALL_JOBS.dial, job, { jobId, delayMs, attempts: DIAL_ATTEMPTS, backoffMs: DIAL_BACKOFF_MS });
}

/**
 * Runs the tick at the first bucket boundary at least `delayMs` away. The boundary is strictly in the
 * future, so a tick that is running now never swallows a request made while it runs.
 */
export async function enqueueCampaignTick(deps: Deps, orgId: string, campaignId: string, delayMs = 0): Promise<void> {
  const now = Date.now();
  const bucket = Math.floor((now + Math.max(0, delayMs)) / TICK_BUCKET_MS) + 1;
  const job: CampaignTickJob = { orgId, campaignId };
  await deps.queue.add(CALL_JOBS.campaignTick, job, {
    jobId: `tick-${campaignId}-${bucket}`,
    delayMs: bucket * TICK_BUCKET_MS - now,
    attempts: 5,
    backoffMs: 1_000,
  });
}

