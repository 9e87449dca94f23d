/** Campaign and campaign-target rows as the API shows them, with progress counted per target status. */
import { iso, isoRequired } from '../../platform/db/rows.ts';
import type { Tx } from '../../platform/db/tenancy.ts';

export type CampaignStatus = 'running' | 'paused' | 'cancelled' | 'completed';
export type TargetStatus = 'pending' | 'dialing' | 'completed' | 'failed' | 'skipped_dnc' | 'skipped_consent' | 'cancelled';

export interface CampaignRow {
  id: string;
  org_id: string;
  name: string;
  agent_id: string;
  phone_number_id: string | null;
  status: CampaignStatus;
  max_concurrency: number;
  max_attempts: number;
  retry_backoff_seconds: number;
  quiet_hours_start: string;
  quiet_hours_end: string;
  default_timezone: string;
  livemode: boolean;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface TargetRow {
  id: string;
  campaign_id: string;
  contact_id: string;
  phone: string;
  timezone: string;
  status: TargetStatus;
  attempts: number;
  next_attempt_at: Date;
  last_call_id: string | null;
  last_result: string | null;
  updated_at: Date;
}

export interface Progress {
  total: number;
  pending: number;
  dialing: number;
  completed: number;
  failed: number;
  skipped: number;
  cancelled: number;
}

const emptyProgress = (): Progress => ({ total: 0, pending: 0, dialing: 0, completed: 0, failed: 0, skipped: 0, cancelled: 0 });

/** Progress of each campaign named, in one grouped query. */
export async function progressOf(tx: Tx, campaignIds: string[]): Promise<Map<string, Progress>> {
  const out = new Map(campaignIds.map((id) => [id, emptyProgress()]));
  if (!campaignIds.length) return out;
  const rows: { campaign_id: string; status: TargetStatus; n: string | number }[] = await tx('campaign_targets')
    .whereIn('campaign_id', campaignIds)
    .groupBy('campaign_id', 'status')
    .select('campaign_id', 'status')
    .count('* as n');
  for (const r of rows) {
    const p = out.get(r.campaign_id)!;
    const n = Number(r.n);
    p.total += n;
    if (r.status === 'skipped_dnc' || r.status === 'skipped_consent') p.skipped += n;
    else p[r.status] += n;
  }
  return out;
}

export function campaignToApi(r: CampaignRow, progress: Progress) {
  return {
    id: r.id,
    object: 'campaign' as const,
    name: r.name,
    agent_id: r.agent_id,
    phone_number_id: r.phone_number_id,
    status: r.status,
    max_concurrency: r.max_concurrency,
    max_attempts: r.max_attempts,
    retry_backoff_seconds: r.retry_backoff_seconds,
    quiet_hours: { start: r.quiet_hours_start, end: r.quiet_hours_end },
    default_timezone: r.default_timezone,
    progress,
    livemode: r.livemode,
    created_at: isoRequired(r.created_at),
    updated_at: isoRequired(r.updated_at),
    completed_at: iso(r.completed_at),
  };
}

export function targetToApi(r: TargetRow) {
  return {
    id: r.id,
    object: 'campaign_target' as const,
    campaign_id: r.campaign_id,
    contact_id: r.contact_id,
    phone: r.phone,
    timezone: r.timezone,
    status: r.status,
    attempts: r.attempts,
    next_attempt_at: isoRequired(r.next_attempt_at),
    last_call_id: r.last_call_id,
    last_result: r.last_result,
    updated_at: isoRequired(r.updated_at),
  };
}
