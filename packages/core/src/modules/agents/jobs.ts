/**
 * Queue handlers that carry agents to and from the voice vendor. Both are idempotent: upserting an
 * assistant with its known id updates it, and deleting an assistant the vendor no longer has succeeds.
 */
import { isConnectorError } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import { ApiError } from '../../platform/errors.ts';
import type { JobContext } from '../../platform/queue/index.ts';
import { agentNumbersOn } from '../phone-numbers/index.ts';
import { voiceWebhookUrl } from '../../connectors/voice-webhook-url.ts';
import { buildAssistantSpec } from './assistant-spec.ts';
import { AGENT_SYNC_JOB, AGENT_VENDOR_DELETE_JOB, type SyncJob, type VendorDeleteJob } from './jobs-queue.ts';
import { loadRevision, recordSynced, recordSyncFailure, recordVendorRemoved, releaseLease, takeLease } from './sync-state.ts';

/** Thrown to make the queue try again later without recording a vendor failure. */
class TryLater extends Error {}

/** Long enough for every vendor call of one job at its worst (each call: attempts x timeout, plus backoff). */
function leaseMs(deps: Deps): number {
  const { timeoutMs, maxAttempts } = deps.config.connectors;
  return Math.max(120_000, timeoutMs * maxAttempts * 4);
}

/** What a failure looks like on the agent, and whether another attempt could succeed. */
function describe(err: unknown): { code: string; message: string; retryable: boolean } {
  if (isConnectorError(err)) return { code: err.code, message: err.message, retryable: err.retryable };
  // integration_missing and friends: nothing changes until a person acts.
  if (err instanceof ApiError) return { code: err.code, message: err.message, retryable: false };
  // Our own trouble (database, a bug): worth another try, but say nothing about internals.
  return { code: 'internal_error', message: 'The sync failed on our side; it will be retried.', retryable: true };
}

export async function runSync(deps: Deps, job: JobContext<SyncJob>): Promise<void> {
  const { orgId, agentId, revisionId, connector } = job.data;
  const claim = await takeLease(deps.knex, orgId, agentId, leaseMs(deps));
  if (claim.kind === 'missing') return;
  if (claim.kind === 'busy') {
    if (job.attempt >= deps.config.connectors.syncJobAttempts) {
      // Out of attempts while another job held the agent: say so rather than stay "pending" forever.
      const error = { code: 'sync_busy', message: 'Another sync of this agent kept running; publish again.' };
      await recordSyncFailure(deps.knex, { orgId, agentId, revisionId, error, willRetry: false, jobId: job.id, keepLease: true });
      return;
    }
    throw new TryLater(`agent ${agentId} is being synced by another job`);
  }
  const { agent } = claim;
  // Deleted, superseded by a newer publish, or already done by an earlier run of this job.
  if (agent.deleted_at || agent.pending_revision_id !== revisionId || agent.pending_connector !== connector) {
    await releaseLease(deps.knex, orgId, agentId);
    return;
  }
  try {
    const revision = await loadRevision(deps.knex, orgId, revisionId);
    if (!revision) throw new ApiError(409, 'revision_missing', `Revision ${revisionId} does not exist.`);
    const voice = await deps.connectors.voice(orgId, connector);
    const spec = buildAssistantSpec({ orgId, agentId, revisionId, config: revision.config, serverUrl: voiceWebhookUrl(deps.config, orgId) });
    // An assistant living on another connector (e.g. published with a test key before) is not reused.
    const known = agent.external_connector === connector ? agent.external_id : null;
    const { externalId } = await voice.upsertAssistant(spec, known);
    for (const numberId of await agentNumbersOn(deps.knex, orgId, agentId, connector)) {
      await voice.assignPhoneNumber(numberId, externalId);
    }
    await recordSynced(deps.knex, { orgId, agentId, revisionId, connector, externalId, jobId: job.id });
  } catch (err) {
    const failure = describe(err);
    const willRetry = failure.retryable && job.attempt < deps.config.connectors.syncJobAttempts;
    await recordSyncFailure(deps.knex, { orgId, agentId, revisionId, error: { code: failure.code, message: failure.message }, willRetry, jobId: job.id });
    if (willRetry) throw err;
    deps.logger.warn({ job: job.name, jobId: job.id, agentId, code: failure.code }, 'agent sync failed for good');
  }
}

export async function runVendorDelete(deps: Deps, job: JobContext<VendorDeleteJob>): Promise<void> {
  const { orgId, agentId, numberExternalIds } = job.data;
  const claim = await takeLease(deps.knex, orgId, agentId, leaseMs(deps));
  if (claim.kind === 'missing') return;
  if (claim.kind === 'busy') throw new TryLater(`agent ${agentId} is being synced by another job`);
  const { agent } = claim;
  if (!agent.deleted_at) {
    // Queued inside the delete's transaction: it may not have committed yet (or it rolled back).
    await releaseLease(deps.knex, orgId, agentId);
    throw new TryLater(`agent ${agentId} is not deleted (yet)`);
  }
  if (!agent.external_id || !agent.external_connector) {
    await recordVendorRemoved(deps.knex, orgId, agentId);
    return;
  }
  try {
    const voice = await deps.connectors.voice(orgId, agent.external_connector);
    for (const numberId of numberExternalIds) {
      await voice.assignPhoneNumber(numberId, null).catch((err: unknown) => {
        // A number released meanwhile is already detached.
        if (!(isConnectorError(err) && (err.code === 'not_found' || err.code === 'invalid_request'))) throw err;
      });
    }
    await voice.deleteAssistant(agent.external_id);
    await recordVendorRemoved(deps.knex, orgId, agentId);
  } catch (err) {
    await releaseLease(deps.knex, orgId, agentId);
    const failure = describe(err);
    if (failure.retryable && job.attempt < deps.config.connectors.syncJobAttempts) throw err;
    deps.logger.error({ job: job.name, jobId: job.id, agentId, code: failure.code }, 'could not remove a deleted agent from the voice vendor');
  }
}

export function registerAgentJobs(deps: Deps): void {
  deps.queue.process<SyncJob>(AGENT_SYNC_JOB, (job) => runSync(deps, job), { concurrency: 4 });
  deps.queue.process<VendorDeleteJob>(AGENT_VENDOR_DELETE_JOB, (job) => runVendorDelete(deps, job), { concurrency: 2 });
}
