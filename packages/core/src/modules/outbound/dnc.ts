/**
 * The do-not-call list: numbers an org must never dial. One entry per number and mode (adding it again
 * returns the entry already there); a test-mode entry stops test calls only (decision 0012). Every outbound path checks it when the call is requested and again when it is
 * about to be dialled, so an entry added in between still stops the call.
 */
import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { isoRequired } from '../../platform/db/rows.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { notFound } from '../../platform/errors.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';
import { originOf, recordAudit } from '../audit/index.ts';

interface DncRow {
  id: string;
  phone: string;
  reason: string | null;
  source: 'api' | 'portal' | 'call' | 'sms';
  livemode: boolean;
  created_at: Date;
}

const toApi = (r: DncRow) => ({
  id: r.id,
  object: 'dnc_entry' as const,
  phone: r.phone,
  reason: r.reason,
  source: r.source,
  livemode: r.livemode,
  created_at: isoRequired(r.created_at),
});

/** In the transaction's org. */
export async function isDoNotCall(tx: Tx, phone: string): Promise<boolean> {
  return !!(await tx('dnc_entries').where({ phone }).first('id'));
}

// The audit trail names the entry and the number's last digits: enough to tell entries apart, not a phone book.
const auditMeta = (r: DncRow) => ({ phone_last4: r.phone.slice(-4), source: r.source });

export async function listDncEntries(deps: Deps, actor: Actor, query: PageParams & { phone?: string }) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) => {
    const q = tx('dnc_entries').select('*');
    if (query.phone) q.where({ phone: query.phone });
    return paginate(q, query, toApi, { list: 'dnc_entries' });
  });
}

export async function createDncEntry(deps: Deps, actor: Actor, input: { phone: string; reason?: string }) {
  const orgId = actor.orgId;
  return inScope(deps.knex, { orgId }, async (tx) => {
    const [inserted] = (await tx('dnc_entries')
      .insert({
        id: newId('dnc'),
        org_id: orgId,
        phone: input.phone,
        reason: input.reason ?? null,
        source: actor.principal.type === 'session' ? 'portal' : 'api',
      })
      .onConflict(['org_id', 'livemode', 'phone'])
      .ignore()
      .returning('*')) as DncRow[];
    if (!inserted) return toApi((await tx('dnc_entries').where({ phone: input.phone }).first()) as DncRow);
    await recordAudit(tx, orgId, originOf(actor), { action: 'dnc.added', targetType: 'dnc_entry', targetId: inserted.id, metadata: auditMeta(inserted) });
    return toApi(inserted);
  });
}

export async function deleteDncEntry(deps: Deps, actor: Actor, id: string): Promise<void> {
  const orgId = actor.orgId;
  await inScope(deps.knex, { orgId }, async (tx) => {
    const [removed] = (await tx('dnc_entries').where({ id }).delete().returning('*')) as DncRow[];
    if (!removed) throw notFound('Do-not-call entry');
    await recordAudit(tx, orgId, originOf(actor), { action: 'dnc.removed', targetType: 'dnc_entry', targetId: id, metadata: auditMeta(removed) });
  });
}
