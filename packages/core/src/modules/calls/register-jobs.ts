/** The voice inbox's queue handlers (issue #5): processing stored messages and sweeping for lost jobs. */
import type { Deps } from '../../platform/deps.ts';
import type { InboxJobData } from './inbox.ts';
import { processVoiceInbox } from './inbox-job.ts';
import { runSweepJob, sweepSoon } from './inbox-sweeper.ts';
import { CALL_JOBS } from './jobs.ts';

// Each job holds one pooled connection for its transaction; leave the rest of the pool to requests and other jobs.
const INBOX_CONCURRENCY = 4;

export function registerCallJobs(deps: Deps): void {
  deps.queue.process<InboxJobData>(CALL_JOBS.inbox, (job) => processVoiceInbox(deps, job.data.orgId, job.data.inboxId), { concurrency: INBOX_CONCURRENCY });
  deps.queue.process(CALL_JOBS.inboxSweep, () => runSweepJob(deps));
  // Whichever process boots asks for one sweep (a worker runs it): messages stored while no worker ran, or
  // while Redis was down, are picked up at once, and a broken sweep chain starts again. Not awaited: boot
  // must not wait on Redis.
  sweepSoon(deps).catch(() => deps.logger.warn({ job: CALL_JOBS.inboxSweep }, 'could not schedule the voice inbox sweep at boot'));
}
