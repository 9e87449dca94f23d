/** What the agents module may do with numbers: find the ones to attach on publish, detach them on delete. */
import type { Knex } from 'knex';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';

/** Vendor ids of the agent's numbers that live on `connector` (numbers elsewhere cannot point at its assistant). */
export async function agentNumbersOn(knex: Knex, orgId: string, agentId: string, connector: VoiceConnectorId): Promise<string[]> {
  const rows: { external_id: string }[] = await inScope(knex, { orgId }, (tx) =>
    tx('phone_numbers').where({ agent_id: agentId, connector, status: 'active' }).whereNotNull('external_id').select('external_id'),
  );
  return rows.map((r) => r.external_id);
}

/** Unassigns every number of the agent inside the caller's transaction; returns what was attached. */
export async function detachAgentNumbers(tx: Tx, agentId: string): Promise<{ externalId: string | null; connector: VoiceConnectorId }[]> {
  const rows: { external_id: string | null; connector: VoiceConnectorId }[] = await tx('phone_numbers')
    .where({ agent_id: agentId })
    .update({ agent_id: null, updated_at: new Date() })
    .returning(['external_id', 'connector']);
  return rows.map((r) => ({ externalId: r.external_id, connector: r.connector }));
}
