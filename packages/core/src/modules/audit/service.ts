import type { Knex } from 'knex';
import { newId } from '../../platform/ids.ts';
import { iso } from '../../platform/db/rows.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { txBatch } from '../../platform/db/sql.ts';
import { statement, type Step } from '../../platform/db/statements.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
}

/** Where an audited act came from when there is no full Actor yet (login, signup). */
export interface AuditOrigin {
  actorType: 'user' | 'api_key' | 'system';
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function originOf(actor: Actor): AuditOrigin {
  return {
    actorType: actor.principal.type === 'api_key' ? 'api_key' : 'user',
    actorId: actor.principal.type === 'api_key' ? actor.principal.keyId : actor.principal.userId,
    ip: actor.ip,
    userAgent: actor.userAgent,
    requestId: actor.requestId,
  };
}

/** Appends inside the caller's transaction, so the record exists exactly when the change does. */
const INSERT_AUDIT = statement(
  'audit_insert',
  `insert into audit_events (id, org_id, actor_type, actor_id, action, target_type, target_id, ip, user_agent, request_id, metadata)
   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
);

/** The audit row as a prepared statement, for a caller that sends it together with other writes. */
export function auditStep(orgId: string, origin: AuditOrigin, entry: AuditEntry): Step {
  return [
    INSERT_AUDIT,
    [newId('audit'), orgId, origin.actorType, origin.actorId, entry.action, entry.targetType ?? null, entry.targetId ?? null, origin.ip, origin.userAgent, origin.requestId, JSON.stringify(entry.metadata ?? {})],
  ];
}

export async function recordAudit(tx: Tx, orgId: string, origin: AuditOrigin, entry: AuditEntry): Promise<void> {
  await txBatch(tx, [auditStep(orgId, origin, entry)]);
}

export interface AuditFilter extends PageParams {
  action?: string;
  actor_id?: string;
  created_after?: string;
  created_before?: string;
}

interface AuditRow {
  id: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
}

const toApi = (r: AuditRow) => ({
  id: r.id,
  object: 'audit_event' as const,
  action: r.action,
  actor_type: r.actor_type as 'user' | 'api_key' | 'system',
  actor_id: r.actor_id,
  target_type: r.target_type,
  target_id: r.target_id,
  ip: r.ip,
  user_agent: r.user_agent,
  request_id: r.request_id,
  metadata: r.metadata,
  created_at: iso(r.created_at)!,
});

export async function listAuditEvents(knex: Knex, actor: Actor, filter: AuditFilter) {
  return inScope(knex, { orgId: actor.orgId }, async (tx) => {
    const q = tx('audit_events').select('*');
    if (filter.action?.endsWith('.')) q.where('action', 'like', `${filter.action.replace(/[%_\\]/g, '\\$&')}%`);
    else if (filter.action) q.where('action', filter.action);
    if (filter.actor_id) q.where('actor_id', filter.actor_id);
    if (filter.created_after) q.where('created_at', '>', filter.created_after);
    if (filter.created_before) q.where('created_at', '<', filter.created_before);
    return paginate(q, filter, toApi, { list: 'audit_events' });
  });
}
