import { useEffect, useState } from 'react';
import { api, type Campaign } from '../api.ts';
import { CampaignProgress } from '../components/CampaignProgress.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { CAMPAIGN_STATUS, formatBackoff, TARGET_STATUS, targetResult } from '../lib/campaigns.ts';
import { formatDateTime } from '../lib/format.ts';
import { Link, useLocation } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { useAgents } from '../lib/useAgents.ts';
import { usePaged, useResource } from '../lib/useAsync.ts';
import { CampaignActions } from './CampaignActions.tsx';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';

const POLL_MS = 2_000;

const backLink = (
  <Link to="/campaigns" className="button button-secondary">
    All campaigns
  </Link>
);

/** /campaigns/:id: progress (followed while it runs), settings, every target, and pause/resume/cancel. */
export function CampaignDetail({ campaignId }: { campaignId: string }) {
  const { acting } = useSignedIn();
  const { query } = useLocation();
  const { state, reload, setState } = useResource(() => api.getCampaign(campaignId), [campaignId]);
  const campaign = state.status === 'ready' ? state.data : null;
  // Targets refetch whenever the counts move, so the table follows the bar.
  const targets = usePaged((cursor) => api.listCampaignTargets(campaignId, cursor), [campaignId, JSON.stringify(campaign?.progress ?? null), campaign?.status]);
  const { agentName } = useAgents();
  const [pollError, setPollError] = useState<unknown>(null);

  useEffect(() => {
    if (campaign?.status !== 'running') return;
    const timer = setTimeout(
      () =>
        api.getCampaign(campaignId).then((c) => {
          setPollError(null);
          setState({ status: 'ready', data: c });
        }, setPollError),
      POLL_MS,
    );
    return () => clearTimeout(timer);
  }, [campaign]);

  if (state.status === 'loading') return <Loading label="Loading campaign…" />;
  if (state.status === 'error') {
    return (
      <>
        <PageHeader title="Campaign" actions={backLink} />
        <ProblemAlert error={state.error} title="Could not load the campaign" onRetry={reload} />
      </>
    );
  }
  const c = state.data;
  const look = CAMPAIGN_STATUS[c.status];

  return (
    <>
      <PageHeader title={c.name} description={`Outbound campaign with ${agentName(c.agent_id)}`} actions={backLink} />
      <LiveStatus message={query.get('created') ? 'Campaign started.' : null} />
      <section className="card" aria-labelledby="progress-title">
        <div className="card-header">
          <h2 id="progress-title">
            Progress{' '}
            <span className={`badge ${look.tone}`} data-testid="campaign-status">
              {look.label}
            </span>
          </h2>
          {hasRole(acting.role, 'member') && <CampaignActions campaign={c} onChanged={(updated: Campaign) => setState({ status: 'ready', data: updated })} />}
        </div>
        <CampaignProgress campaign={c} detailed />
        {c.status === 'running' && <p className="field-hint">Updating every few seconds while the campaign runs.</p>}
        {pollError != null && <ProblemAlert error={pollError} title="Could not refresh the campaign" />}
        <dl className="details">
          <dt>Agent</dt>
          <dd>
            <Link to={`/agents/${c.agent_id}`}>{agentName(c.agent_id)}</Link>
          </dd>
          <dt>Calls at once</dt>
          <dd>{c.max_concurrency}</dd>
          <dt>Attempts per contact</dt>
          <dd>
            {c.max_attempts}, first retry after {formatBackoff(c.retry_backoff_seconds)}
          </dd>
          <dt>Quiet hours</dt>
          <dd>
            {c.quiet_hours.start}–{c.quiet_hours.end} in each contact’s time zone (default {c.default_timezone})
          </dd>
          <dt>Started</dt>
          <dd>{formatDateTime(c.created_at)}</dd>
          <dt>Finished</dt>
          <dd>{formatDateTime(c.completed_at, c.status === 'cancelled' ? 'Cancelled' : 'Not yet')}</dd>
        </dl>
        <p>
          <Link to={`/calls?campaign=${c.id}`}>All calls of this campaign</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="targets-title">
        <h2 id="targets-title">Contacts</h2>
        <PagedList
          list={targets}
          loadingLabel="Loading contacts…"
          errorTitle="Could not load the campaign’s contacts"
          moreErrorTitle="Could not load more contacts"
          empty={<EmptyState title="No contacts in this campaign" />}
        >
          {(items) => (
            <DataTable caption={<>Contacts of {c.name} and where each stands</>} columns={['Contact', 'Status', 'Attempts', 'Next attempt', 'Last result']}>
              {items.map((t) => (
                <tr key={t.id} data-target={t.phone}>
                  <td data-label="Contact">
                    <Link to={`/contacts/${t.contact_id}`} className="mono">
                      {t.phone}
                    </Link>
                    <div className="cell-secondary">{t.timezone}</div>
                  </td>
                  <td data-label="Status">
                    <span className={`badge ${TARGET_STATUS[t.status].tone}`}>{TARGET_STATUS[t.status].label}</span>
                  </td>
                  <td data-label="Attempts">
                    {t.attempts} of {c.max_attempts}
                  </td>
                  <td data-label="Next attempt">{t.status === 'pending' ? formatDateTime(t.next_attempt_at) : '—'}</td>
                  <td data-label="Last result">
                    {targetResult(t.last_result)}
                    {t.last_call_id && (
                      <div>
                        <Link to={`/calls/${t.last_call_id}`}>
                          Last call<span className="sr-only"> with {t.phone}</span>
                        </Link>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
      </section>
    </>
  );
}
