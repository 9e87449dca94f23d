import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { loadLocation } from '../locations/index.ts';
import { pick } from '../scheduling/index.ts';
import { serviceToApi, type ServiceRow } from './view.ts';

type CreateInput = BodyOf<'createService'>;
type UpdateInput = BodyOf<'updateService'>;

/** For other scheduling modules: a live service of the transaction's org, or 404. */
export async function loadService(tx: Tx, id: string): Promise<ServiceRow> {
  const row: ServiceRow | undefined = await tx('services').where({ id }).whereNull('deleted_at').first();
  if (!row) throw notFound('Service');
  return row;
}

/** The live resources able to perform a service, in a stable order. */
export async function serviceResourceIds(tx: Tx, serviceId: string): Promise<string[]> {
  const rows: { resource_id: string }[] = await tx('service_resources as sr')
    .join('resources as r', 'r.id', 'sr.resource_id')
    .where('sr.service_id', serviceId)
    .whereNull('r.deleted_at')
    .orderBy('sr.resource_id')
    .select('sr.resource_id');
  return rows.map((r) => r.resource_id);
}

async function setResources(tx: Tx, orgId: string, service: { id: string; location_id: string }, ids: string[]): Promise<void> {
  if (ids.length) {
    const found: { id: string; location_id: string }[] = await tx('resources').whereIn('id', ids).whereNull('deleted_at').select('id', 'location_id');
    const missing = ids.find((id) => !found.some((r) => r.id === id));
    if (missing) throw notFound('Resource');
    const foreign = found.find((r) => r.location_id !== service.location_id);
    if (foreign) {
      throw new ApiError(422, 'resource_location_mismatch', 'Every resource of a service must belong to the service\'s location.', {
        errors: [{ path: `/body/resource_ids/${ids.indexOf(foreign.id)}`, message: 'belongs to another location' }],
      });
    }
  }
  await tx('service_resources').where({ service_id: service.id }).delete();
  if (ids.length) await tx('service_resources').insert(ids.map((resource_id) => ({ org_id: orgId, service_id: service.id, resource_id })));
}

export async function createService(deps: Deps, actor: Actor, input: CreateInput) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    await loadLocation(tx, input.location_id);
    const [row] = (await tx('services')
      .insert({
        id: newId('service'),
        org_id: actor.orgId,
        location_id: input.location_id,
        name: input.name,
        description: input.description ?? null,
        duration_minutes: input.duration_minutes,
        buffer_before_minutes: input.buffer_before_minutes ?? 0,
        buffer_after_minutes: input.buffer_after_minutes ?? 0,
        slot_interval_minutes: input.slot_interval_minutes ?? 15,
        price_minor: input.price_minor ?? 0,
        currency: input.currency ?? 'USD',
      })
      .returning('*')) as ServiceRow[];
    await setResources(tx, actor.orgId, row!, input.resource_ids ?? []);
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'service.created', targetType: 'service', targetId: row!.id, metadata: { name: input.name } });
    return serviceToApi(row!, await serviceResourceIds(tx, row!.id));
  });
}

export async function listServices(deps: Deps, actor: Actor, query: QueryOf<'listServices'>) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const q = tx('services').whereNull('deleted_at').select('*');
    if (query.location_id) q.where({ location_id: query.location_id });
    const page = await paginate(q, query as PageParams, (r: ServiceRow) => r, { list: 'services' });
    // One query for every service's resources instead of one per row.
    const links: { service_id: string; resource_id: string }[] = page.data.length
      ? await tx('service_resources as sr')
          .join('resources as r', 'r.id', 'sr.resource_id')
          .whereIn('sr.service_id', page.data.map((s) => s.id))
          .whereNull('r.deleted_at')
          .orderBy('sr.resource_id')
          .select('sr.service_id', 'sr.resource_id')
      : [];
    return { ...page, data: page.data.map((s) => serviceToApi(s, links.filter((l) => l.service_id === s.id).map((l) => l.resource_id))) };
  });
}

export async function getService(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => serviceToApi(await loadService(tx, id), await serviceResourceIds(tx, id)));
}

export async function updateService(deps: Deps, actor: Actor, id: string, input: UpdateInput) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const current = await loadService(tx, id);
    const changes = pick(input, [
      'name',
      'description',
      'duration_minutes',
      'buffer_before_minutes',
      'buffer_after_minutes',
      'slot_interval_minutes',
      'price_minor',
      'currency',
    ] as const);
    const [row] = (await tx('services').where({ id }).update({ ...changes, updated_at: new Date() }).returning('*')) as ServiceRow[];
    if (input.resource_ids) await setResources(tx, actor.orgId, current, input.resource_ids);
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'service.updated', targetType: 'service', targetId: id, metadata: { fields: Object.keys(input).sort() } });
    return serviceToApi(row!, await serviceResourceIds(tx, id));
  });
}

export async function deleteService(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    await loadService(tx, id);
    await tx('services').where({ id }).update({ deleted_at: new Date(), updated_at: new Date() });
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'service.deleted', targetType: 'service', targetId: id });
  });
}
