/**
 * An org's scheduling catalog: its live services, locations, resources (with their hours) and which
 * resource performs which service. Read on every availability answer, hold, booking and voice tool call,
 * written rarely, so it is cached per org (platform/cache) and invalidated by the database on commit.
 * A miss reads all four in one round trip.
 */
import type { Deps } from '../../platform/deps.ts';
import { statement } from '../../platform/db/statements.ts';
import type { LocationRow } from '../locations/index.ts';
import type { ResourceRow } from '../resources/index.ts';
import type { ServiceRow } from '../services/index.ts';

export interface Catalog {
  /** Live services, by name (the order a caller hears them in). */
  services: ServiceRow[];
  service: Map<string, ServiceRow>;
  location: Map<string, LocationRow>;
  resource: Map<string, ResourceRow>;
  /** Live resources able to perform each service, by id. */
  resourcesOf: Map<string, string[]>;
}

// Columns by name, never `*`: a prepared statement must keep its result shape when a migration adds one.
const SERVICES = statement<ServiceRow>(
  'catalog_services',
  `select id, org_id, location_id, name, description, duration_minutes, buffer_before_minutes, buffer_after_minutes,
          slot_interval_minutes, price_minor, currency, created_at, updated_at, deleted_at
   from services where deleted_at is null order by name, id`,
);
const LOCATIONS = statement<LocationRow>(
  'catalog_locations',
  `select id, org_id, name, timezone, address, phone, sms_number, closures, created_at, updated_at, deleted_at
   from locations where deleted_at is null`,
);
const RESOURCES = statement<ResourceRow>(
  'catalog_resources',
  `select id, org_id, location_id, kind, name, weekly_hours, exceptions, calendar_id, created_at, updated_at, deleted_at
   from resources where deleted_at is null order by id`,
);
const SERVICE_RESOURCES = statement<{ service_id: string; resource_id: string }>('catalog_service_resources', `select service_id, resource_id from service_resources order by resource_id`);

export async function loadCatalog(deps: Pick<Deps, 'db'>, orgId: string): Promise<Catalog> {
  const [services, locations, resources, links] = (await deps.db.sql.batch({ orgId }, [
    [SERVICES, []],
    [LOCATIONS, []],
    [RESOURCES, []],
    [SERVICE_RESOURCES, []],
  ])) as [ServiceRow[], LocationRow[], ResourceRow[], { service_id: string; resource_id: string }[]];
  const resource = new Map(resources.map((r) => [r.id, r]));
  const resourcesOf = new Map<string, string[]>();
  for (const l of links) {
    if (!resource.has(l.resource_id)) continue;
    const ids = resourcesOf.get(l.service_id) ?? [];
    ids.push(l.resource_id);
    resourcesOf.set(l.service_id, ids);
  }
  return { services, service: new Map(services.map((s) => [s.id, s])), location: new Map(locations.map((l) => [l.id, l])), resource, resourcesOf };
}

export const CATALOG = 'scheduling';

/** The org's catalog, from this process's cache when it is current. */
export function catalogOf(deps: Pick<Deps, 'db' | 'caches'>, orgId: string): Promise<Catalog> {
  return deps.caches.of(CATALOG, (org) => loadCatalog(deps, org)).get(orgId);
}
