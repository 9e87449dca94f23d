import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { loadLocation } from '../locations/index.ts';
import { validateExceptions, validateWeeklyHours, pick } from '../scheduling/index.ts';
import { resourceToApi, type ResourceRow } from './view.ts';

type CreateInput = BodyOf<'createResource'>;
type UpdateInput = BodyOf<'updateResource'>;

function validate(input: Partial<CreateInput>): void {
  if (input.weekly_hours) validateWeeklyHours(input.weekly_hours);
  if (input.exceptions) validateExceptions(input.exceptions);
}

/** For other scheduling modules: a live resource of the transaction's org, or 404. */
export async function loadResource(tx: Tx, id: string): Promise<ResourceRow> {
  const row: ResourceRow | undefined = await tx('resources').where({ id }).whereNull('deleted_at').first();
  if (!row) throw notFound('Resource');
  return row;
}

export async function createResource(deps: Deps, actor: Actor, input: CreateInput) {
  validate(input);
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    await loadLocation(tx, input.location_id);
    const [row] = (await tx('resources')
      .insert({
        id: newId('resource'),
        org_id: actor.orgId,
        location_id: input.location_id,
        kind: input.kind,
        name: input.name,
        weekly_hours: JSON.stringify(input.weekly_hours ?? []),
        exceptions: JSON.stringify(input.exceptions ?? []),
        calendar_id: input.calendar_id ?? null,
      })
      .returning('*')) as ResourceRow[];
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'resource.created', targetType: 'resource', targetId: row!.id, metadata: { name: input.name, kind: input.kind } });
    return resourceToApi(row!);
  });
}

export async function listResources(deps: Deps, actor: Actor, query: QueryOf<'listResources'>) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) => {
    const q = tx('resources').whereNull('deleted_at').select('*');
    if (query.location_id) q.where({ location_id: query.location_id });
    return paginate(q, query as PageParams, resourceToApi, { list: 'resources' });
  });
}

export async function getResource(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => resourceToApi(await loadResource(tx, id)));
}

export async function updateResource(deps: Deps, actor: Actor, id: string, input: UpdateInput) {
  validate(input);
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    await loadResource(tx, id);
    const changes: Record<string, unknown> = pick(input, ['kind', 'name', 'calendar_id'] as const);
    if (input.weekly_hours) changes.weekly_hours = JSON.stringify(input.weekly_hours);
    if (input.exceptions) changes.exceptions = JSON.stringify(input.exceptions);
    const [row] = (await tx('resources').where({ id }).update({ ...changes, updated_at: new Date() }).returning('*')) as ResourceRow[];
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'resource.updated', targetType: 'resource', targetId: id, metadata: { fields: Object.keys(input).sort() } });
    return resourceToApi(row!);
  });
}

export async function deleteResource(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    await loadResource(tx, id);
    const upcoming = await tx('bookings')
      .where({ resource_id: id })
      .where((q) => q.where({ status: 'confirmed' }).orWhere((h) => h.where({ status: 'held' }).where('expires_at', '>', tx.fn.now())))
      .where('ends_at', '>', tx.fn.now())
      .first('id');
    if (upcoming) throw conflict('resource_has_bookings', 'Cancel or move the upcoming bookings of this resource first.');
    await tx('service_resources').where({ resource_id: id }).delete();
    await tx('resources').where({ id }).update({ deleted_at: new Date(), updated_at: new Date() });
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'resource.deleted', targetType: 'resource', targetId: id });
  });
}

/** The zone all-day events of a mirrored calendar are read in: the location of a resource using it. */
export async function timezoneOfCalendar(tx: Tx, calendarId: string): Promise<string> {
  const row = await tx('resources as r').join('locations as l', 'l.id', 'r.location_id').where('r.calendar_id', calendarId).whereNull('r.deleted_at').orderBy('r.id').first('l.timezone');
  return row?.timezone ?? 'UTC';
}

/** Every calendar id the org's resources mirror. */
export async function mirroredCalendars(tx: Tx): Promise<string[]> {
  const rows: { calendar_id: string }[] = await tx('resources').whereNull('deleted_at').whereNotNull('calendar_id').distinct('calendar_id');
  return rows.map((r) => r.calendar_id);
}
