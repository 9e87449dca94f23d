import type { Campaign } from '../api.ts';
import { finished } from '../lib/campaigns.ts';

const PARTS = [
  { key: 'completed', label: 'called' },
  { key: 'failed', label: 'failed' },
  { key: 'skipped', label: 'skipped' },
  { key: 'cancelled', label: 'cancelled' },
  { key: 'dialing', label: 'calling now' },
  { key: 'pending', label: 'waiting' },
] as const;

/**
 * How far a campaign has got: one bar split by where its targets stand, exposed as a progressbar (done
 * out of total) with the counts in words beside it, so nothing is only in the colours.
 */
export function CampaignProgress({ campaign, detailed = false }: { campaign: Pick<Campaign, 'name' | 'progress'>; detailed?: boolean }) {
  const p = campaign.progress;
  const done = finished(p);
  const total = Math.max(p.total, 1);
  return (
    <div className="progress">
      <div
        className="progress-bar"
        role="progressbar"
        aria-label={`Progress of ${campaign.name}`}
        aria-valuemin={0}
        aria-valuemax={p.total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${p.total} contacts done`}
      >
        {PARTS.map(({ key }) => (p[key] > 0 ? <span key={key} className="progress-seg" data-part={key} style={{ width: `${(p[key] / total) * 100}%` }} /> : null))}
      </div>
      <p className="cell-secondary progress-text" data-testid="progress-text">
        {done} of {p.total} done
        {detailed &&
          `: ${PARTS.filter(({ key }) => p[key] > 0)
            .map(({ key, label }) => `${p[key]} ${label}`)
            .join(', ')}`}
      </p>
    </div>
  );
}
