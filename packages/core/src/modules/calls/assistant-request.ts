/**
 * assistant-request: a call rang one of our numbers and the vendor asks who answers. The vendor hangs up
 * after 7.5 s, so this is one transaction of lookups and no vendor call: the dialed number, its agent,
 * the agent's published revision, then the answer (forward after hours, the deployed assistant, or the
 * revision inline). The call row is created here, so the call exists from its first ring.
 */
import type { AssistantRequestEvent, AssistantRequestReply } from '@voxanne/connector-kit';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import type { Deps } from '../../platform/deps.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { type AgentConfig, buildAssistantSpec } from '../agents/index.ts';
import { voiceWebhookUrl } from '../../connectors/voice-webhook-url.ts';
import { isOpenAt } from './business-hours.ts';
import { resolveCall } from './call-rows.ts';
import { isE164 } from '../../platform/phone.ts';

/** Why the answer is what it is; stored on the call's timeline (`call_events.detail`). */
export type AssistantOutcome = 'assistant' | 'deployed_assistant' | 'after_hours_forward' | 'no_number' | 'no_agent' | 'not_published' | 'voice_unsupported' | 'failed';

export interface AssistantAnswer {
  reply: AssistantRequestReply;
  outcome: AssistantOutcome;
}


/** Spoken by the vendor to the caller; no internals. */
export const UNAVAILABLE_LINE = "Sorry, this number can't take calls right now. Please try again later.";

interface Line {
  agentId: string;
  revisionId: string;
  config: AgentConfig;
  externalConnector: string | null;
  externalId: string | null;
}

type Lookup = { line: Line } | { missing: 'no_number' | 'no_agent' | 'not_published' };

async function lookupLine(tx: Tx, event: AssistantRequestEvent): Promise<Lookup> {
  const { phoneNumberExternalId, phoneNumber } = event.call;
  let number: { agent_id: string | null } | undefined;
  if (phoneNumberExternalId) number = await tx('phone_numbers').where({ external_id: phoneNumberExternalId }).first('agent_id');
  if (!number && phoneNumber && isE164(phoneNumber)) number = await tx('phone_numbers').where({ number: phoneNumber }).first('agent_id');
  if (!number) return { missing: 'no_number' };
  if (!number.agent_id) return { missing: 'no_agent' };
  const agent: { id: string; live_revision_id: string | null; external_connector: string | null; external_id: string | null; config: AgentConfig } | undefined = await tx('agents as a')
    .leftJoin('agent_revisions as r', 'r.id', 'a.live_revision_id')
    .where('a.id', number.agent_id)
    .whereNull('a.deleted_at')
    .first('a.id', 'a.live_revision_id', 'a.external_connector', 'a.external_id', 'r.config');
  if (!agent) return { missing: 'no_agent' };
  if (!agent.live_revision_id || !agent.config) return { missing: 'not_published' };
  return { line: { agentId: agent.id, revisionId: agent.live_revision_id, config: agent.config, externalConnector: agent.external_connector, externalId: agent.external_id } };
}

function decide(deps: Pick<Deps, 'config'>, orgId: string, connector: VoiceConnectorId, line: Line, atMs: number): AssistantAnswer {
  const { config } = line;
  if (config.after_hours.behavior === 'transfer' && config.after_hours.transfer_to && !isOpenAt(config, atMs)) {
    return { reply: { forwardTo: config.after_hours.transfer_to }, outcome: 'after_hours_forward' };
  }
  if (line.externalConnector === connector && line.externalId) return { reply: { assistantExternalId: line.externalId }, outcome: 'deployed_assistant' };
  // Our local voice renders on our machine; Vapi cannot speak with it in a live call.
  if (connector === 'vapi' && config.voice.provider === 'local') return { reply: { error: UNAVAILABLE_LINE }, outcome: 'voice_unsupported' };
  const assistant = buildAssistantSpec({ orgId, agentId: line.agentId, revisionId: line.revisionId, config, serverUrl: voiceWebhookUrl(deps.config, orgId) });
  return { reply: { assistant }, outcome: 'assistant' };
}

export async function answerAssistantRequest(deps: Pick<Deps, 'config' | 'knex'>, orgId: string, connector: VoiceConnectorId, event: AssistantRequestEvent): Promise<AssistantAnswer> {
  const atMs = Date.now();
  return inScope(deps.knex, { orgId }, async (tx) => {
    const found = await lookupLine(tx, event);
    const answer: AssistantAnswer = 'line' in found ? decide(deps, orgId, connector, found.line, atMs) : { reply: { error: UNAVAILABLE_LINE }, outcome: found.missing };
    const call = await resolveCall(tx, orgId, connector, event.call);
    if (call) {
      if ('line' in found) {
        // The number's agent answers; the row remembers which revision it spoke with.
        await tx('calls').where({ id: call.id }).whereNull('revision_id').update({ agent_id: found.line.agentId, revision_id: found.line.revisionId, updated_at: tx.fn.now() });
      }
      await tx('call_events').insert({ org_id: orgId, call_id: call.id, type: 'assistant_request', detail: answer.outcome });
    }
    return answer;
  });
}
