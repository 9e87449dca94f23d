import { isoRequired } from '../../platform/db/rows.ts';
import type { Closure } from '../scheduling/index.ts';

export interface LocationRow {
  id: string;
  org_id: string;
  name: string;
  timezone: string;
  address: string | null;
  phone: string | null;
  sms_number: string | null;
  closures: Closure[];
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export const locationToApi = (r: LocationRow) => ({
  id: r.id,
  object: 'location' as const,
  name: r.name,
  timezone: r.timezone,
  address: r.address,
  phone: r.phone,
  sms_number: r.sms_number,
  closures: r.closures,
  created_at: isoRequired(r.created_at),
  updated_at: isoRequired(r.updated_at),
});
