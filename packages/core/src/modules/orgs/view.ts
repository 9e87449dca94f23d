import { isoRequired } from '../../platform/db/rows.ts';

export interface OrgRow {
  id: string;
  parent_id: string | null;
  name: string;
  require_mfa: boolean;
  api_key_default_ttl_days: number | null;
  created_at: Date;
  updated_at: Date;
}

export function orgToApi(r: OrgRow) {
  return {
    id: r.id,
    object: 'org' as const,
    name: r.name,
    parent_id: r.parent_id,
    kind: r.parent_id ? ('clinic' as const) : ('agency' as const),
    require_mfa: r.require_mfa,
    api_key_default_ttl_days: r.api_key_default_ttl_days ?? null,
    created_at: isoRequired(r.created_at),
    updated_at: isoRequired(r.updated_at),
  };
}
