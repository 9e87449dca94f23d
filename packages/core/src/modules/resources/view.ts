import { isoRequired } from '../../platform/db/rows.ts';
import type { ScheduleException, WeeklyInterval } from '../scheduling/index.ts';

export interface ResourceRow {
  id: string;
  org_id: string;
  location_id: string;
  kind: 'practitioner' | 'room';
  name: string;
  weekly_hours: WeeklyInterval[];
  exceptions: ScheduleException[];
  calendar_id: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export const resourceToApi = (r: ResourceRow) => ({
  id: r.id,
  object: 'resource' as const,
  location_id: r.location_id,
  kind: r.kind,
  name: r.name,
  weekly_hours: r.weekly_hours,
  exceptions: r.exceptions,
  calendar_id: r.calendar_id,
  created_at: isoRequired(r.created_at),
  updated_at: isoRequired(r.updated_at),
});
