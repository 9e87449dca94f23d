import type { Deps } from '../../platform/deps.ts';
import { CALL_JOBS } from '../calls/index.ts';
import { runCampaignTick } from './campaign-tick.ts';
import { runDial } from './dial.ts';
import type { CampaignTickJob, DialJob } from './queue.ts';

/** Outbound queue handlers. Dials of one org serialise on its dial lock, so concurrency here spans orgs. */
export function registerOutboundJobs(deps: Deps): void {
  deps.queue.process<DialJob>(CALL_JOBS.dial, (job) => runDial(deps, job), { concurrency: 4 });
  deps.queue.process<CampaignTickJob>(CALL_JOBS.campaignTick, (job) => runCampaignTick(deps, job), { concurrency: 2 });
}
