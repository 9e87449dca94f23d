import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, conflict, notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { statement } from '../../platform/db/statements.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { orgToApi, type OrgRow } from './view.ts';

const ORG = statement<OrgRow>('org_by_id', 'select id, parent_id, name, require_mfa, created_at, updated_at from orgs where id = $1');

/** Read on every dashboard load and by API clients checking their key: one scoped statement, one round trip. */
export async function getOrg(deps: Deps, actor: Actor) {
  const [row] = await deps.db.sql.one({ orgId: actor.orgId }, ORG, [actor.orgId]);
  if (!row) throw notFound('Org');
  return orgToApi(row);
}

/** Whether an org exists (its own scope sees it): for callers that hold only an org id, like the voice webhook. */
export async function orgExists(deps: Pick<Deps, 'knex'>, orgId: string): Promise<boolean> {
  return inScope(deps.knex, { orgId }, async (tx) => (await tx('orgs').where({ id: orgId }).first('id')) !== undefined);
}

export async function updateOrg(deps: Deps, actor: Actor, patch: { name?: string; require_mfa?: boolean; api_key_default_ttl_days?: number | null }) {
  return inScope(deps.knex, { orgId: actor.orgId, userId: actor.userId }, async (tx) => {
    const before: OrgRow | undefined = await tx('orgs').where({ id: actor.orgId }).forUpdate().first();
    if (!before) throw notFound('Org');
    if (patch.require_mfa && !before.require_mfa && actor.principal.type === 'session' && !actor.principal.mfaEnabled) {
      // Otherwise the admin would lock themselves out of the org they just secured.
      throw conflict('mfa_enrollment_required', 'Enable MFA on your own account before requiring it of everyone.');
    }
    const [row] = (await tx('orgs')
      .where({ id: actor.orgId })
      .update({ ...patch, updated_at: new Date() })
      .returning('*')) as OrgRow[];
    const changed = Object.keys(patch).filter((k) => before[k as keyof OrgRow] !== patch[k as keyof typeof patch]);
    await recordAudit(tx, actor.orgId, originOf(actor), {
      action: 'org.updated',
      targetType: 'org',
      targetId: actor.orgId,
      metadata: {
        changed,
        ...(patch.require_mfa !== undefined ? { require_mfa: patch.require_mfa } : {}),
        ...(patch.api_key_default_ttl_days !== undefined ? { api_key_default_ttl_days: patch.api_key_default_ttl_days } : {}),
      },
    });
    await emitEvent(tx, actor.orgId, 'org.updated', { org_id: actor.orgId, changed });
    return orgToApi(row!);
  });
}

export async function createChildOrg(deps: Deps, actor: Actor, input: { name: string }) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const parent: OrgRow | undefined = await tx('orgs').where({ id: actor.orgId }).first();
    if (!parent) throw notFound('Org');
    if (parent.parent_id) throw new ApiError(409, 'org_nesting_not_supported', 'A clinic org cannot own child orgs.');
    const id = newId('org');
    const [row] = (await tx('orgs').insert({ id, parent_id: actor.orgId, name: input.name }).returning('*')) as OrgRow[];
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'org.child_created', targetType: 'org', targetId: id, metadata: { name: input.name } });
    await tx.raw(`select set_config('app.org_id', ?, true)`, [id]);
    await recordAudit(tx, id, originOf(actor), { action: 'org.created', targetType: 'org', targetId: id, metadata: { parent_id: actor.orgId } });
    await emitEvent(tx, id, 'org.created', { org_id: id, parent_id: actor.orgId });
    return orgToApi(row!);
  });
}

export async function listChildOrgs(deps: Deps, actor: Actor, page: PageParams) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) =>
    paginate(tx('orgs').where({ parent_id: actor.orgId }).select('*'), page, orgToApi, { list: 'child_orgs' }),
  );
}
