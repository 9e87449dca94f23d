import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import { livemodeRequired } from '../../connectors/registry.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { detachAgentNumbers } from '../phone-numbers/index.ts';
import { applyPatch, sameConfig, validateConfig, withDefaults, type AgentCreateInput, type AgentPatch } from './agent-config.ts';
import { findAgent, findRevision, insertRevision, jsonb, updateAgent } from './repo.ts';
import { agentToApi, revisionToApi, type AgentRow } from './view.ts';
import { enqueueVendorDelete } from './jobs-queue.ts';
import { requestSync, resolvePublishTarget } from './publish.ts';

/** Who made a change, as stored on a revision: the user, or the API key when there is no user. */
export const changedBy = (actor: Actor) => actor.userId ?? (actor.principal.type === 'api_key' ? actor.principal.keyId : null);

export async function createAgent(deps: Deps, actor: Actor, input: AgentCreateInput) {
  const config = withDefaults(input);
  validateConfig(config);
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const id = newId('agent');
    const revisionId = newId('agentRevision');
    // The agent points at its first revision and the revision at the agent; the FK check waits for commit.
    await tx('agents').insert({
      id,
      org_id: actor.orgId,
      kind: config.kind,
      name: config.name,
      config: jsonb(config),
      current_revision_id: revisionId,
      revision_number: 1,
    });
    await tx('agent_revisions').insert({
      id: revisionId,
      org_id: actor.orgId,
      agent_id: id,
      number: 1,
      source: 'create',
      config: jsonb(config),
      created_by: changedBy(actor),
    });
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'agent.created', targetType: 'agent', targetId: id, metadata: { name: config.name, kind: config.kind } });
    await emitEvent(tx, actor.orgId, 'agent.created', { agent_id: id, revision_id: revisionId });
    return agentToApi((await findAgent(tx, id))!);
  });
}

export async function getAgent(deps: Deps, actor: Actor, agentId: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const row = await findAgent(tx, agentId);
    if (!row) throw notFound('Agent');
    return agentToApi(row);
  });
}

export async function listAgents(deps: Deps, actor: Actor, page: PageParams) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) => paginate(tx('agents').whereNull('deleted_at').select('*'), page, agentToApi, { list: 'agents' }));
}

/** Writes revision n+1 with `config` and points the agent at it. */
async function addRevision(tx: Tx, actor: Actor, agent: AgentRow, config: AgentRow['config'], source: 'update' | 'rollback', restoredFrom?: string) {
  const revision = await insertRevision(tx, {
    orgId: actor.orgId,
    agentId: agent.id,
    number: agent.revision_number + 1,
    source,
    config,
    ...(restoredFrom ? { restoredFrom } : {}),
    createdBy: changedBy(actor),
  });
  const row = await updateAgent(tx, agent.id, {
    name: config.name,
    config: jsonb(config),
    current_revision_id: revision.id,
    revision_number: revision.number,
  });
  return { revision, row };
}

export async function updateAgentConfig(deps: Deps, actor: Actor, agentId: string, patch: AgentPatch) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const agent = await findAgent(tx, agentId, true);
    if (!agent) throw notFound('Agent');
    const config = applyPatch(agent.config, patch);
    validateConfig(config);
    // A request that changes nothing writes no revision: history shows real changes only.
    if (sameConfig(config, agent.config)) return agentToApi(agent);
    const { revision, row } = await addRevision(tx, actor, agent, config, 'update');
    await recordAudit(tx, actor.orgId, originOf(actor), {
      action: 'agent.updated',
      targetType: 'agent',
      targetId: agentId,
      metadata: { revision_id: revision.id, revision_number: revision.number, changed: Object.keys(patch).sort() },
    });
    await emitEvent(tx, actor.orgId, 'agent.updated', { agent_id: agentId, revision_id: revision.id });
    return agentToApi(row);
  });
}

export async function listRevisions(deps: Deps, actor: Actor, agentId: string, page: PageParams) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    if (!(await findAgent(tx, agentId))) throw notFound('Agent');
    return paginate(tx('agent_revisions').where({ agent_id: agentId }).select('*'), page, revisionToApi, { list: 'agent_revisions', filters: { agent_id: agentId } });
  });
}

/**
 * A rollback is a new revision with an old configuration; history is never rewritten. An agent that has
 * been published is re-published, so what callers hear follows the rollback.
 */
export async function rollbackAgent(deps: Deps, actor: Actor, agentId: string, revisionId: string) {
  // Resolved before any write: a missing integration must refuse the rollback, not half-apply it.
  const published = await inScope(deps.knex, { orgId: actor.orgId }, async (tx) => (await findAgent(tx, agentId))?.sync_status);
  if (!published) throw notFound('Agent');
  let target: VoiceConnectorId | null = null;
  if (published !== 'unpublished') target = await resolvePublishTarget(deps, actor);

  const row = await inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const agent = await findAgent(tx, agentId, true);
    if (!agent) throw notFound('Agent');
    const old = await findRevision(tx, agentId, revisionId);
    if (!old) throw notFound('Revision');
    const { revision, row: updated } = await addRevision(tx, actor, agent, old.config, 'rollback', old.id);
    await recordAudit(tx, actor.orgId, originOf(actor), {
      action: 'agent.rolled_back',
      targetType: 'agent',
      targetId: agentId,
      metadata: { revision_id: revision.id, restored_from_revision_id: old.id, restored_from_number: old.number },
    });
    await emitEvent(tx, actor.orgId, 'agent.rolled_back', { agent_id: agentId, revision_id: revision.id, restored_from_revision_id: old.id });
    return updated;
  });
  if (!target) return agentToApi(row);
  return requestSync(deps, actor, agentId, target);
}

/**
 * Soft delete (revisions keep pointing at the agent), numbers detached, and the vendor-side removal queued
 * inside the same transaction: if the queue refuses, nothing is deleted; if the commit fails, the job finds
 * the agent still alive and does nothing.
 */
export async function deleteAgent(deps: Deps, actor: Actor, agentId: string) {
  await inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const agent = await findAgent(tx, agentId, true);
    if (!agent) throw notFound('Agent');
    // Its removal from a real vendor would be test mode reaching that vendor (decision 0012).
    if (!actor.livemode && agent.external_connector && agent.external_connector !== 'simulator') throw livemodeRequired(agent.external_connector);
    const detached = await detachAgentNumbers(tx, agentId);
    await updateAgent(tx, agentId, { deleted_at: new Date(), pending_revision_id: null, pending_connector: null, sync_will_retry: false });
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'agent.deleted', targetType: 'agent', targetId: agentId, metadata: { name: agent.name } });
    await emitEvent(tx, actor.orgId, 'agent.deleted', { agent_id: agentId });
    if (agent.external_id || agent.pending_connector) {
      const numberExternalIds = detached.filter((n) => n.connector === agent.external_connector && n.externalId).map((n) => n.externalId!);
      try {
        await enqueueVendorDelete(deps, { orgId: actor.orgId, agentId, numberExternalIds });
      } catch {
        throw new ApiError(503, 'queue_unavailable', 'The job queue is unavailable, so the agent could not be removed from the voice vendor. Nothing was deleted; try again.');
      }
    }
  });
}
