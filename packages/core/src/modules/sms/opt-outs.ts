/**
 * The opt-out ledger. Entries are never changed or deleted (the app role may only insert): it is the
 * record of what each patient asked for and when. A number is opted out when its latest decisive entry
 * (stop, start or a carrier refusal) is not a start.
 */
import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { isoRequired } from '../../platform/db/rows.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';

export type OptOutAction = 'stop' | 'start' | 'help' | 'vendor_refused';
export type OptOutSource = 'inbound_keyword' | 'status_callback' | 'send_error';

export async function isOptedOut(tx: Tx, phone: string): Promise<boolean> {
  const latest = await tx('sms_opt_outs').where({ phone }).whereIn('action', ['stop', 'start', 'vendor_refused']).orderBy('id', 'desc').first('action');
  return !!latest && latest.action !== 'start';
}

export async function recordOptOut(tx: Tx, orgId: string, entry: { phone: string; action: OptOutAction; source: OptOutSource; messageId?: string | null }): Promise<void> {
  await tx('sms_opt_outs').insert({ id: newId('smsOptOut'), org_id: orgId, phone: entry.phone, action: entry.action, source: entry.source, message_id: entry.messageId ?? null });
}

interface OptOutRow {
  id: string;
  phone: string;
  action: OptOutAction;
  source: OptOutSource;
  message_id: string | null;
  livemode: boolean;
  created_at: Date;
}

const toApi = (r: OptOutRow) => ({
  id: r.id,
  object: 'sms_opt_out' as const,
  phone: r.phone,
  action: r.action,
  source: r.source,
  message_id: r.message_id,
  livemode: r.livemode,
  created_at: isoRequired(r.created_at),
});

export async function listOptOuts(deps: Deps, actor: Actor, query: PageParams & { phone?: string }) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) => {
    const q = tx('sms_opt_outs').select('*');
    if (query.phone) q.where({ phone: query.phone });
    return paginate(q, query, toApi, { list: 'sms_opt_outs' });
  });
}
