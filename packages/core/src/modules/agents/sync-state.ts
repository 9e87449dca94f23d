/**
 * The agent's vendor-sync state machine, one short transaction per step. Jobs never hold a transaction
 * open across a vendor call; instead a lease (sync_lease_until) keeps two jobs for one agent (publish and
 * delete, or two publishes on two workers) from talking to the vendor about it at the same time.
 */
import type { Knex } from 'knex';
import { inScope } from '../../platform/db/tenancy.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import { recordAudit, type AuditOrigin } from '../audit/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { jsonb } from './repo.ts';
import type { AgentRow, RevisionRow, SyncError } from './view.ts';

export const systemOrigin = (jobId: string): AuditOrigin => ({ actorType: 'system', actorId: null, ip: null, userAgent: null, requestId: jobId });

/** Takes the agent's lease. `missing` when the row is gone, `busy` when another job holds the lease. */
export async function takeLease(knex: Knex, orgId: string, agentId: string, leaseMs: number): Promise<{ kind: 'claimed'; agent: AgentRow } | { kind: 'missing' } | { kind: 'busy' }> {
  return inScope(knex, { orgId }, async (tx) => {
    const [agent] = (await tx('agents')
      .where({ id: agentId })
      .andWhere((q) => q.whereNull('sync_lease_until').orWhere('sync_lease_until', '<', tx.fn.now()))
      .update({ sync_lease_until: tx.raw(`now() + make_interval(secs => ?)`, [leaseMs / 1000]) })
      .returning('*')) as AgentRow[];
    if (agent) return { kind: 'claimed', agent };
    const exists = await tx('agents').where({ id: agentId }).first('id');
    return exists ? { kind: 'busy' } : { kind: 'missing' };
  });
}

export async function releaseLease(knex: Knex, orgId: string, agentId: string): Promise<void> {
  await inScope(knex, { orgId }, (tx) => tx('agents').where({ id: agentId }).update({ sync_lease_until: null }));
}

export async function loadRevision(knex: Knex, orgId: string, revisionId: string): Promise<RevisionRow | undefined> {
  return inScope(knex, { orgId }, (tx) => tx('agent_revisions').where({ id: revisionId }).first());
}

/**
 * Records the vendor's assistant id whatever happened meanwhile (a later delete must find it), and marks
 * the revision live only if it is still the one waiting to go out.
 */
export async function recordSynced(
  knex: Knex,
  s: { orgId: string; agentId: string; revisionId: string; connector: VoiceConnectorId; externalId: string; jobId: string },
): Promise<void> {
  await inScope(knex, { orgId: s.orgId }, async (tx) => {
    const agent: AgentRow | undefined = await tx('agents').where({ id: s.agentId }).forUpdate().first();
    if (!agent) return;
    const current = !agent.deleted_at && agent.pending_revision_id === s.revisionId && agent.pending_connector === s.connector;
    const now = new Date();
    await tx('agents')
      .where({ id: s.agentId })
      .update({
        external_id: s.externalId,
        external_connector: s.connector,
        sync_lease_until: null,
        ...(current
          ? {
              sync_status: 'synced',
              sync_will_retry: false,
              live_revision_id: s.revisionId,
              pending_revision_id: null,
              pending_connector: null,
              last_sync_error: null,
              last_synced_at: now,
              updated_at: now,
            }
          : {}),
      });
    if (!current) return;
    await recordAudit(tx, s.orgId, systemOrigin(s.jobId), {
      action: 'agent.published',
      targetType: 'agent',
      targetId: s.agentId,
      metadata: { revision_id: s.revisionId, connector: s.connector, external_id: s.externalId },
    });
    await emitEvent(tx, s.orgId, 'agent.published', { agent_id: s.agentId, revision_id: s.revisionId, connector: s.connector, external_id: s.externalId });
  });
}

/**
 * Shows the failure on the agent. The event and audit entry are written when the agent turns failed and
 * when retries run out, not on every attempt, so an outage does not flood customers' webhooks.
 */
export async function recordSyncFailure(
  knex: Knex,
  s: { orgId: string; agentId: string; revisionId: string; error: Omit<SyncError, 'at'>; willRetry: boolean; jobId: string; keepLease?: boolean },
): Promise<void> {
  await inScope(knex, { orgId: s.orgId }, async (tx) => {
    const agent: AgentRow | undefined = await tx('agents').where({ id: s.agentId }).forUpdate().first();
    if (!agent) return;
    const current = !agent.deleted_at && agent.pending_revision_id === s.revisionId;
    const error: SyncError = { ...s.error, at: new Date().toISOString() };
    await tx('agents')
      .where({ id: s.agentId })
      .update({ ...(s.keepLease ? {} : { sync_lease_until: null }), ...(current ? { sync_status: 'failed', sync_will_retry: s.willRetry, last_sync_error: jsonb(error) } : {}) });
    if (!current) return;
    const turnedFailed = agent.sync_status !== 'failed';
    const gaveUp = !s.willRetry && agent.sync_will_retry;
    if (!turnedFailed && !gaveUp) return;
    await recordAudit(tx, s.orgId, systemOrigin(s.jobId), {
      action: 'agent.sync_failed',
      targetType: 'agent',
      targetId: s.agentId,
      metadata: { revision_id: s.revisionId, code: error.code, will_retry: s.willRetry },
    });
    await emitEvent(tx, s.orgId, 'agent.sync_failed', { agent_id: s.agentId, revision_id: s.revisionId, code: error.code, will_retry: s.willRetry });
  });
}

/** After the vendor forgot the assistant: nothing left to clean up for this agent. */
export async function recordVendorRemoved(knex: Knex, orgId: string, agentId: string): Promise<void> {
  await inScope(knex, { orgId }, (tx) =>
    tx('agents').where({ id: agentId }).update({ external_id: null, vendor_removed_at: new Date(), sync_lease_until: null }),
  );
}
