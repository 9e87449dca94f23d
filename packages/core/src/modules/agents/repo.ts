/** SQL for agents and their revisions. Every function runs inside the caller's org-scoped transaction. */
import type { Tx } from '../../platform/db/tenancy.ts';
import { newId } from '../../platform/ids.ts';
import type { AgentConfig } from './agent-config.ts';
import type { AgentRow, RevisionRow } from './view.ts';

/** A live (not deleted) agent, locked for the rest of the transaction when `lock` is set. */
export async function findAgent(tx: Tx, agentId: string, lock = false): Promise<AgentRow | undefined> {
  const q = tx('agents').where({ id: agentId }).whereNull('deleted_at').first();
  return (lock ? q.forUpdate() : q) as Promise<AgentRow | undefined>;
}

export async function insertRevision(
  tx: Tx,
  r: { orgId: string; agentId: string; number: number; source: RevisionRow['source']; config: AgentConfig; restoredFrom?: string; createdBy: string | null },
): Promise<RevisionRow> {
  const [row] = (await tx('agent_revisions')
    .insert({
      id: newId('agentRevision'),
      org_id: r.orgId,
      agent_id: r.agentId,
      number: r.number,
      source: r.source,
      restored_from_revision_id: r.restoredFrom ?? null,
      config: JSON.stringify(r.config),
      created_by: r.createdBy,
    })
    .returning('*')) as RevisionRow[];
  return row!;
}

export async function findRevision(tx: Tx, agentId: string, revisionId: string): Promise<RevisionRow | undefined> {
  return tx('agent_revisions').where({ id: revisionId, agent_id: agentId }).first();
}

export async function updateAgent(tx: Tx, agentId: string, patch: Record<string, unknown>): Promise<AgentRow> {
  const [row] = (await tx('agents')
    .where({ id: agentId })
    .update({ ...patch, updated_at: new Date() })
    .returning('*')) as AgentRow[];
  return row!;
}

/** Serialises config and error objects for jsonb columns (knex would send arrays as Postgres arrays). */
export function jsonb(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
