import { iso, isoRequired } from '../../platform/db/rows.ts';

export type ConsentStatus = 'unknown' | 'granted' | 'revoked';

export interface ContactRow {
  id: string;
  org_id: string;
  phone: string;
  name: string | null;
  timezone: string | null;
  tags: string[];
  consent_status: ConsentStatus;
  consent_updated_at: Date | null;
  lead_score: number | null;
  lead_reasons: string[];
  call_count: number;
  last_call_at: Date | null;
  livemode: boolean;
  created_at: Date;
  updated_at: Date;
  /** Not stored: whether the number is on the org's do-not-call list right now (see contactsWithDnc). */
  do_not_call: boolean;
}

export const contactToApi = (r: ContactRow) => ({
  id: r.id,
  object: 'contact' as const,
  phone: r.phone,
  name: r.name,
  timezone: r.timezone,
  tags: r.tags,
  consent_status: r.consent_status,
  consent_updated_at: iso(r.consent_updated_at),
  lead_score: r.lead_score,
  lead_reasons: r.lead_reasons,
  call_count: r.call_count,
  last_call_at: iso(r.last_call_at),
  do_not_call: Boolean(r.do_not_call),
  livemode: r.livemode,
  created_at: isoRequired(r.created_at),
  updated_at: isoRequired(r.updated_at),
});
