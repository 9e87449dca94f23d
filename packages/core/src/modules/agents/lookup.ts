/** What other modules may know about an agent (the phone-numbers module assigns numbers to it). */
import type { Tx } from '../../platform/db/tenancy.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import { findAgent } from './repo.ts';
import type { AgentRow } from './view.ts';

export interface AgentVendorRef {
  id: string;
  /** The assistant at the vendor, when the agent has been synced. */
  externalId: string | null;
  externalConnector: VoiceConnectorId | null;
}

/** A live agent of the transaction's org, or undefined (deleted agents are not assignable). */
export async function agentVendorRef(tx: Tx, agentId: string): Promise<AgentVendorRef | undefined> {
  const agent = await findAgent(tx, agentId);
  return agent && { id: agent.id, externalId: agent.external_id, externalConnector: agent.external_connector };
}

export interface AgentVoiceRef {
  name: string;
  voice: { provider: 'local' | 'elevenlabs' | 'openai'; voice_id: string };
  firstMessage: string | null;
}

/** The current revision's voice, for previews. */
export async function agentVoice(tx: Tx, agentId: string): Promise<AgentVoiceRef | undefined> {
  const agent = await findAgent(tx, agentId);
  return agent && { name: agent.config.name, voice: agent.config.voice, firstMessage: agent.config.first_message };
}

export interface AgentCallProfile {
  id: string;
  kind: 'inbound' | 'outbound';
  /** The current (possibly unpublished) configuration: what a test call exercises. */
  config: AgentRow['config'];
  currentRevisionId: string;
  /** The revision the vendor runs, or null when the agent was never published. */
  liveRevisionId: string | null;
  externalId: string | null;
  externalConnector: VoiceConnectorId | null;
}

/** What the call modules (test calls, outbound dialing, assistant-requests) need about a live agent. */
export async function agentCallProfile(tx: Tx, agentId: string): Promise<AgentCallProfile | undefined> {
  const agent = await findAgent(tx, agentId);
  return (
    agent && {
      id: agent.id,
      kind: agent.kind,
      config: agent.config,
      currentRevisionId: agent.current_revision_id,
      liveRevisionId: agent.live_revision_id,
      externalId: agent.external_id,
      externalConnector: agent.external_connector,
    }
  );
}
