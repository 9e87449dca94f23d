import type { Deps } from '../../platform/deps.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { assertVoiceFitsModel } from './agent-config.ts';
import { livemodeRequired } from '../../connectors/registry.ts';
import { findAgent, jsonb, updateAgent } from './repo.ts';
import { agentToApi } from './view.ts';
import { enqueueSync } from './jobs-queue.ts';

/** `vox_test_` keys never reach a real vendor: their publishes go to the simulator. */
export function resolvePublishTarget(deps: Deps, actor: Actor): Promise<VoiceConnectorId> {
  return deps.connectors.voiceConnectorFor(actor.orgId, { livemode: actor.livemode });
}

export async function publishAgent(deps: Deps, actor: Actor, agentId: string) {
  const target = await resolvePublishTarget(deps, actor);
  return requestSync(deps, actor, agentId, target);
}

/**
 * Marks the current revision as pending on `target`, then queues the job. The HTTP answer never waits for
 * the vendor: an outage shows up later as `sync_status: failed` while the job retries.
 */
export async function requestSync(deps: Deps, actor: Actor, agentId: string, target: VoiceConnectorId) {
  const row = await inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const agent = await findAgent(tx, agentId, true);
    if (!agent) throw notFound('Agent');
    // Publishing in test mode would take a live agent off its vendor (decision 0012): test it with test calls.
    if (!actor.livemode && agent.external_connector && agent.external_connector !== 'simulator') throw livemodeRequired(agent.external_connector);
    // Vapi renders speech itself; our local voice exists only on this machine.
    if (target === 'vapi' && agent.config.voice.provider === 'local') {
      throw new ApiError(422, 'voice_unsupported', 'The local voice cannot be used on Vapi. Choose an ElevenLabs or OpenAI voice, then publish.', { connector: target });
    }
    // Revisions saved before the rule existed can still hold such a pair.
    if (target === 'vapi') assertVoiceFitsModel(agent.config);
    const updated = await updateAgent(tx, agentId, {
      sync_status: 'pending',
      sync_will_retry: false,
      pending_revision_id: agent.current_revision_id,
      pending_connector: target,
    });
    await recordAudit(tx, actor.orgId, originOf(actor), {
      action: 'agent.publish_requested',
      targetType: 'agent',
      targetId: agentId,
      metadata: { revision_id: agent.current_revision_id, connector: target },
    });
    return updated;
  });
  try {
    await enqueueSync(deps, { orgId: actor.orgId, agentId, revisionId: row.current_revision_id, connector: target });
  } catch (err) {
    deps.logger.error({ agentId, err: (err as Error).message }, 'could not queue agent sync');
    const error = { code: 'queue_unavailable', message: 'The job queue was unavailable; publish again.', at: new Date().toISOString() };
    await inScope(deps.knex, { orgId: actor.orgId }, (tx) =>
      tx('agents').where({ id: agentId, pending_revision_id: row.current_revision_id }).update({ sync_status: 'failed', last_sync_error: jsonb(error) }),
    );
    throw new ApiError(503, 'queue_unavailable', 'The job queue is unavailable; the agent was not published. Try again.');
  }
  return agentToApi(row);
}
