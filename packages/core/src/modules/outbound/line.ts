/**
 * Who calls and from which number: an outbound agent that has been published, and the number given or
 * else the one assigned to that agent. Shared by single calls, campaigns and the dial job.
 */
import { ApiError, notFound } from '../../platform/errors.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';

export interface OutboundAgent {
  id: string;
  liveRevisionId: string;
  timezone: string;
  externalId: string | null;
  externalConnector: VoiceConnectorId | null;
}

export interface OutboundNumber {
  id: string;
  number: string;
  connector: VoiceConnectorId;
  externalId: string | null;
}

export const noPhoneNumber = (detail = 'The agent has no phone number to call from; assign one or pass phone_number_id.') =>
  new ApiError(422, 'no_phone_number', detail);

export async function outboundAgent(tx: Tx, agentId: string): Promise<OutboundAgent> {
  const row: { id: string; kind: string; live_revision_id: string | null; config: { timezone: string }; external_id: string | null; external_connector: VoiceConnectorId | null } | undefined =
    await tx('agents').where({ id: agentId }).whereNull('deleted_at').first('id', 'kind', 'live_revision_id', 'config', 'external_id', 'external_connector');
  if (!row) throw notFound('Agent');
  if (row.kind !== 'outbound') throw new ApiError(422, 'agent_not_outbound', 'Only an agent of kind outbound can place calls.');
  if (!row.live_revision_id) throw new ApiError(422, 'agent_not_published', 'Publish the agent before it places calls.');
  return { id: row.id, liveRevisionId: row.live_revision_id, timezone: row.config.timezone, externalId: row.external_id, externalConnector: row.external_connector };
}

export async function outboundNumber(tx: Tx, agentId: string, phoneNumberId?: string | null): Promise<OutboundNumber> {
  const q = tx('phone_numbers').first('id', 'number', 'connector', 'external_id', 'status');
  const row: { id: string; number: string; connector: VoiceConnectorId; external_id: string | null; status: string } | undefined = phoneNumberId
    ? await q.where({ id: phoneNumberId })
    : await q.where({ agent_id: agentId, status: 'active' }).orderBy('id');
  if (!row && phoneNumberId) throw notFound('Phone number');
  if (!row) throw noPhoneNumber();
  if (row.status !== 'active') throw noPhoneNumber('That phone number is still being provisioned.');
  return { id: row.id, number: row.number, connector: row.connector, externalId: row.external_id };
}

/** What a live vendor needs to place the call; the simulator sets its own line up at dial time. */
export function assertDeployedOn(connector: VoiceConnectorId, agent: OutboundAgent, number: OutboundNumber): void {
  if (connector === 'simulator') return;
  if (agent.externalConnector !== connector || !agent.externalId) {
    throw new ApiError(422, 'agent_not_published', `The agent is not live on ${connector} yet; publish it again.`);
  }
  if (number.connector !== connector || !number.externalId) throw noPhoneNumber(`That phone number is not on ${connector}.`);
}
