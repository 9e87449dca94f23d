/**
 * Placing and cancelling single outbound calls. The request only records the call and queues its dial:
 * the vendor is reached by the dial job, which checks the do-not-call list, consent and quiet hours once
 * more and respects the org's concurrency cap. A call asked for during quiet hours (call-window.ts) is
 * scheduled for their end, not refused.
 */
import type { Deps } from '../../platform/deps.ts';
import { ApiError, conflict, notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { BodyOf } from '../../platform/http/types.ts';
import { upsertContactByPhone } from '../contacts/index.ts';
import { getCallFor } from '../calls/index.ts';
import { BLOCK_MESSAGES, callBlock } from './eligibility.ts';
import { callableFrom, singleCallWindow } from './call-window.ts';
import { assertDeployedOn, outboundAgent, outboundNumber } from './line.ts';
import { deferForQuietHours, insertOutboundCall } from './outbound-call.ts';
import { dialJobId, enqueueCampaignTick, enqueueDial } from './queue.ts';

export async function createCall(deps: Deps, actor: Actor, body: BodyOf<'createCall'>) {
  const orgId = actor.orgId;
  const connector = await deps.connectors.voiceConnectorFor(orgId, { livemode: actor.livemode });
  const scheduledAt = body.scheduled_at ? new Date(body.scheduled_at) : null;
  const callId = await inScope(deps.knex, { orgId }, async (tx) => {
    const agent = await outboundAgent(tx, body.agent_id);
    const number = await outboundNumber(tx, agent.id, body.phone_number_id);
    assertDeployedOn(connector, agent, number);
    const block = await callBlock(tx, body.to);
    if (block) throw new ApiError(422, block, BLOCK_MESSAGES[block]);
    const contact = await upsertContactByPhone(tx, orgId, body.to);
    // Quiet hours move the call to their end rather than refusing it: the answer says when (scheduled_at).
    const wish = scheduledAt?.getTime() ?? Date.now();
    const callable = callableFrom(wish, await singleCallWindow(tx, orgId, contact.id, agent.timezone));
    const when = callable > wish ? new Date(callable) : scheduledAt;
    const call = await insertOutboundCall(tx, { orgId, connector, agent, number, to: body.to, contactId: contact.id, scheduledAt: when, metadata: body.metadata });
    if (callable > wish) await deferForQuietHours(tx, orgId, call.id, when!, true);
    // Inside the transaction: if the queue refuses, nothing was recorded (see dial.ts for the other half).
    await enqueueDial(deps, { orgId, callId: call.id }, when ? when.getTime() - Date.now() : 0);
    return call.id;
  });
  return getCallFor(deps, orgId, callId);
}

/** Only a call that has not reached the vendor yet can be cancelled; after that, it runs its course. */
export async function cancelCall(deps: Deps, actor: Actor, callId: string) {
  const orgId = actor.orgId;
  const campaignId = await inScope(deps.knex, { orgId }, async (tx) => {
    // The row lock orders this against a dial job that is placing the call right now.
    const call: { status: string; direction: string; external_call_id: string | null; campaign_id: string | null } | undefined = await tx('calls')
      .where({ id: callId })
      .forUpdate()
      .first('status', 'direction', 'external_call_id', 'campaign_id');
    if (!call) throw notFound('Call');
    if (call.direction !== 'outbound' || !['scheduled', 'queued'].includes(call.status) || call.external_call_id) {
      throw conflict('call_not_cancellable', `A call that is ${call.status} can no longer be cancelled.`, { status: call.status });
    }
    await tx('calls').where({ id: callId }).update({ status: 'cancelled', updated_at: tx.fn.now() });
    await tx('call_events').insert({ org_id: orgId, call_id: callId, type: 'cancelled', status: 'cancelled' });
    return call.campaign_id;
  });
  // The dial job would find the call cancelled and do nothing; removing it just spares the wake-up.
  await deps.queue.remove(dialJobId(callId)).catch(() => false);
  if (campaignId) await enqueueCampaignTick(deps, orgId, campaignId);
  return getCallFor(deps, orgId, callId);
}
