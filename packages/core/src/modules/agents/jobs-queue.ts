/** Job names, payloads and deterministic ids of the agent vendor-sync jobs, and how they are enqueued. */
import type { Deps } from '../../platform/deps.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';

export const AGENT_SYNC_JOB = 'agent.sync';
export const AGENT_VENDOR_DELETE_JOB = 'agent.vendor_delete';

export interface SyncJob {
  orgId: string;
  agentId: string;
  revisionId: string;
  connector: VoiceConnectorId;
}

export interface VendorDeleteJob {
  orgId: string;
  agentId: string;
  /** The agent's numbers at the vendor, to detach before the assistant goes. */
  numberExternalIds: string[];
}

/** One job per agent, revision and connector: a duplicate enqueue of the same publish runs once. */
export const syncJobId = (j: SyncJob) => `agent-sync-${j.agentId}-${j.revisionId}-${j.connector}`;

export async function enqueueSync(deps: Deps, job: SyncJob): Promise<void> {
  const jobId = syncJobId(job);
  // A finished job keeps its id for days and would swallow this publish (BullMQ deduplicates on id): an
  // explicit publish of the same revision (after a permanent failure, or to repair the vendor side) must run.
  // A job running right now cannot be removed; the add below then finds it and does nothing, which is right.
  await deps.queue.remove(jobId).catch(() => false);
  const { syncJobAttempts, syncJobBackoffMs } = deps.config.connectors;
  await deps.queue.add(AGENT_SYNC_JOB, job, { jobId, attempts: syncJobAttempts, backoffMs: syncJobBackoffMs });
}

export async function enqueueVendorDelete(deps: Deps, job: VendorDeleteJob): Promise<void> {
  const { syncJobAttempts, syncJobBackoffMs } = deps.config.connectors;
  await deps.queue.add(AGENT_VENDOR_DELETE_JOB, job, { jobId: `agent-delete-${job.agentId}`, attempts: syncJobAttempts, backoffMs: syncJobBackoffMs });
}
