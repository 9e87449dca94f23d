import { api } from '../api.ts';
import { CampaignProgress } from '../components/CampaignProgress.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { CAMPAIGN_STATUS } from '../lib/campaigns.ts';
import { formatDateTime } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { useAgents } from '../lib/useAgents.ts';
import { usePaged } from '../lib/useAsync.ts';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';

/** Outbound campaigns, newest first, each with how far it has got. */
export function Campaigns() {
  const { acting } = useSignedIn();
  const campaigns = usePaged((cursor) => api.listCampaigns(cursor), []);
  const { agentName } = useAgents();
  const newCampaign = hasRole(acting.role, 'member') && (
    <Link to="/campaigns/new" className="button button-primary">
      New campaign
    </Link>
  );

  return (
    <>
      <PageHeader
        title="Campaigns"
        description="An outbound agent calls a list of contacts, a few at a time, outside quiet hours in each contact’s time zone, retrying when nobody answers."
        actions={newCampaign}
      />
      <section className="card" aria-labelledby="campaigns-title" aria-busy={campaigns.state.status === 'loading'}>
        <h2 id="campaigns-title">All campaigns</h2>
        <PagedList
          list={campaigns}
          loadingLabel="Loading campaigns…"
          errorTitle="Could not load campaigns"
          moreErrorTitle="Could not load more campaigns"
          empty={
            <EmptyState title="No campaigns yet" action={newCampaign}>
              <p>Start one to call back leads or remind patients who are due for a visit. Contacts need granted consent to be called by a campaign.</p>
            </EmptyState>
          }
        >
          {(items) => (
            <DataTable caption="Campaigns, newest first" columns={['Campaign', 'Status', 'Progress', 'Agent', 'Started']}>
              {items.map((c) => (
                <tr key={c.id} data-campaign={c.id}>
                  <td data-label="Campaign">
                    <Link to={`/campaigns/${c.id}`} className="cell-primary">
                      {c.name}
                    </Link>
                  </td>
                  <td data-label="Status">
                    <span className={`badge ${CAMPAIGN_STATUS[c.status].tone}`}>{CAMPAIGN_STATUS[c.status].label}</span>
                  </td>
                  <td data-label="Progress" className="cell-progress">
                    <CampaignProgress campaign={c} />
                  </td>
                  <td data-label="Agent">{agentName(c.agent_id)}</td>
                  <td data-label="Started">{formatDateTime(c.created_at)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
      </section>
    </>
  );
}
