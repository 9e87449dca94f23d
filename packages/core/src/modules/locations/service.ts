import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { BodyOf } from '../../platform/http/types.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { validateClosures, assertTimezone, pick } from '../scheduling/index.ts';
import { locationToApi, type LocationRow } from './view.ts';

type CreateInput = BodyOf<'createLocation'>;
type UpdateInput = BodyOf<'updateLocation'>;

function validate(input: Partial<CreateInput>): void {
  if (input.timezone !== undefined) assertTimezone(input.timezone, '/body/timezone');
  if (input.closures) validateClosures(input.closures);
}

/** For other scheduling modules: a live location of the transaction's org, or 404. */
export async function loadLocation(tx: Tx, id: string): Promise<LocationRow> {
  const row: LocationRow | undefined = await tx('locations').where({ id }).whereNull('deleted_at').first();
  if (!row) throw notFound('Location');
  return row;
}

export async function createLocation(deps: Deps, actor: Actor, input: CreateInput) {
  validate(input);
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const [row] = (await tx('locations')
      .insert({
        id: newId('location'),
        org_id: actor.orgId,
        name: input.name,
        timezone: input.timezone,
        address: input.address ?? null,
        phone: input.phone ?? null,
        sms_number: input.sms_number ?? null,
        closures: JSON.stringify(input.closures ?? []),
      })
      .returning('*')) as LocationRow[];
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'location.created', targetType: 'location', targetId: row!.id, metadata: { name: input.name } });
    return locationToApi(row!);
  });
}

export async function listLocations(deps: Deps, actor: Actor, page: PageParams) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) => paginate(tx('locations').whereNull('deleted_at').select('*'), page, locationToApi, { list: 'locations' }));
}

export async function getLocation(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => locationToApi(await loadLocation(tx, id)));
}

export async function updateLocation(deps: Deps, actor: Actor, id: string, input: UpdateInput) {
  validate(input);
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    await loadLocation(tx, id);
    const changes: Record<string, unknown> = pick(input, ['name', 'timezone', 'address', 'phone', 'sms_number'] as const);
    if (input.closures) changes.closures = JSON.stringify(input.closures);
    const [row] = (await tx('locations').where({ id }).update({ ...changes, updated_at: new Date() }).returning('*')) as LocationRow[];
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'location.updated', targetType: 'location', targetId: id, metadata: { fields: Object.keys(input).sort() } });
    return locationToApi(row!);
  });
}

export async function deleteLocation(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    await loadLocation(tx, id);
    const used = (await tx('services').where({ location_id: id }).whereNull('deleted_at').first('id')) ?? (await tx('resources').where({ location_id: id }).whereNull('deleted_at').first('id'));
    if (used) throw conflict('location_in_use', 'Delete or move the services and resources of this location first.');
    await tx('locations').where({ id }).update({ deleted_at: new Date(), updated_at: new Date() });
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'location.deleted', targetType: 'location', targetId: id });
  });
}
