import { isoRequired } from '../../platform/db/rows.ts';

export interface ServiceRow {
  id: string;
  org_id: string;
  location_id: string;
  name: string;
  description: string | null;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  slot_interval_minutes: number;
  price_minor: number | string;
  currency: string;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export const serviceToApi = (r: ServiceRow, resourceIds: string[]) => ({
  id: r.id,
  object: 'service' as const,
  location_id: r.location_id,
  name: r.name,
  description: r.description,
  duration_minutes: r.duration_minutes,
  buffer_before_minutes: r.buffer_before_minutes,
  buffer_after_minutes: r.buffer_after_minutes,
  slot_interval_minutes: r.slot_interval_minutes,
  // bigint: a string through pg, a number through PGlite.
  price_minor: Number(r.price_minor),
  currency: r.currency,
  resource_ids: resourceIds,
  created_at: isoRequired(r.created_at),
  updated_at: isoRequired(r.updated_at),
});
