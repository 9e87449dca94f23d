import type { Campaign, CampaignStatus, CampaignTargetStatus } from '../api.ts';

export const CAMPAIGN_STATUS: Record<CampaignStatus, { label: string; tone: string }> = {
  running: { label: 'Running', tone: 'badge-info' },
  paused: { label: 'Paused', tone: 'badge-warning' },
  cancelled: { label: 'Cancelled', tone: 'badge-muted' },
  completed: { label: 'Completed', tone: 'badge-success' },
};

export const TARGET_STATUS: Record<CampaignTargetStatus, { label: string; tone: string }> = {
  pending: { label: 'Waiting', tone: 'badge-muted' },
  dialing: { label: 'Calling', tone: 'badge-info' },
  completed: { label: 'Called', tone: 'badge-success' },
  failed: { label: 'Failed', tone: 'badge-danger' },
  skipped_dnc: { label: 'Skipped: do-not-call', tone: 'badge-warning' },
  skipped_consent: { label: 'Skipped: no consent', tone: 'badge-warning' },
  cancelled: { label: 'Cancelled', tone: 'badge-muted' },
};

/** Why a target was skipped, in words; other results (a call's ended reason) are shown as the server sends them. */
const SKIP_REASONS: Record<string, string> = {
  dnc_listed: 'On the do-not-call list',
  consent_not_granted: 'Consent not granted (campaigns need granted)',
  consent_revoked: 'Consent revoked',
};

export const targetResult = (result: string | null) => (result ? (SKIP_REASONS[result] ?? result) : '—');

/** Targets that will not be dialed again, whatever the reason. */
export const finished = (p: Campaign['progress']) => p.completed + p.failed + p.skipped + p.cancelled;

/** "4 h", "30 min", "2 days": retry backoff in the unit a person would say. */
export function formatBackoff(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  return `${Math.round(seconds / 60)} min`;
}
