/** Reading call records: the list with its filters, and one call with its timeline and tool calls. */
import type { Knex } from 'knex';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { paginate } from '../../platform/pagination.ts';
import type { QueryOf } from '../../platform/http/types.ts';
import { callListItemToApi, callToApi, type CallApi, type CallRow, type CallTimelineRow, type CallToolCallRow } from './view.ts';

export async function loadCall(tx: Tx | Knex, callId: string): Promise<CallApi | null> {
  const row: CallRow | undefined = await tx('calls').where({ id: callId }).first();
  if (!row) return null;
  const [timeline, toolCalls] = await Promise.all([
    tx('call_events').where({ call_id: callId }).orderBy([{ column: 'at' }, { column: 'id' }]).select<CallTimelineRow[]>('type', 'status', 'detail', 'at'),
    tx('call_tool_calls').where({ call_id: callId }).orderBy('id').select<CallToolCallRow[]>(),
  ]);
  return callToApi(row, timeline, toolCalls);
}

export async function getCallFor(deps: Deps, orgId: string, callId: string): Promise<CallApi> {
  const call = await inScope(deps.knex, { orgId }, (tx) => loadCall(tx, callId));
  if (!call) throw notFound('Call');
  return call;
}

export async function listCalls(deps: Deps, orgId: string, q: QueryOf<'listCalls'>) {
  return inScope(deps.knex, { orgId }, (tx) => {
    const query = tx('calls').select<CallRow[]>();
    if (q.created_after) query.where('created_at', '>=', q.created_after);
    if (q.created_before) query.where('created_at', '<', q.created_before);
    for (const key of ['agent_id', 'direction', 'status', 'outcome', 'sentiment', 'contact_id', 'campaign_id'] as const) {
      if (q[key]) query.where(key, q[key]);
    }
    return paginate(query, q, callListItemToApi, { list: 'calls' });
  });
}
