import { useMemo } from 'react';
import { api } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { StackedBarChart } from '../components/StackedBarChart.tsx';
import { callsPerDay, OUTCOMES } from '../lib/calls.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { useAgents } from '../lib/useAgents.ts';
import { usePaged } from '../lib/useAsync.ts';
import { CallFilters, filterFromQuery, filterToQuery, toCallQuery, type CallFilterForm } from './CallFilters.tsx';
import { CallTable } from './CallTable.tsx';
import { PagedList } from '../components/PagedList.tsx';

const SERIES = [...OUTCOMES.map((o) => ({ key: o.value, label: o.label })), { key: 'none', label: 'No outcome yet' }];

/** Every call, newest first, with filters (kept in the URL) and a per-day chart of outcomes. */
export function Calls() {
  const { path, query } = useLocation();
  const filter = filterFromQuery(query);
  const contactId = query.get('contact');
  const campaignId = query.get('campaign');
  const apiQuery = toCallQuery(filter, { contactId, campaignId });
  const calls = usePaged((cursor) => api.listCalls(apiQuery, cursor), [JSON.stringify(apiQuery)]);
  const { list: agents, agentName, agents: agentsState } = useAgents();
  const bars = useMemo(
    () => (calls.state.status === 'ready' ? callsPerDay(calls.state.data).map((d) => ({ label: d.day, values: d.counts })) : []),
    [calls.state],
  );
  const filtered = Object.keys(apiQuery).length > 0;
  const unscoped = filterToQuery(filter, new URLSearchParams()).toString();
  const apply = (f: CallFilterForm) => {
    const next = filterToQuery(f, query).toString();
    navigate(next ? `${path}?${next}` : path, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Calls"
        description="Every call your agents answered or placed: the conversation (with health information redacted), what it achieved, and the lead it produced."
      />
      <section className="card">
        {/* Remounted when the URL changes from elsewhere (a contact's "All calls" link), so the form shows it. */}
        <CallFilters key={query.toString()} initial={filter} agents={agents} onApply={apply} />
        {(contactId || campaignId) && (
          <p className="field-hint">
            {contactId ? (
              <>
                Only calls with one contact. <Link to={`/contacts/${contactId}`}>Open the contact</Link>
              </>
            ) : (
              <>
                Only calls of one campaign. <Link to={`/campaigns/${campaignId}`}>Open the campaign</Link>
              </>
            )}{' '}
            or <Link to={unscoped ? `${path}?${unscoped}` : path}>show all calls</Link>.
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="calls-title" aria-busy={calls.state.status === 'loading'}>
        <h2 id="calls-title">Call history</h2>
        <PagedList
          list={calls}
          loadingLabel="Loading calls…"
          errorTitle="Could not load calls"
          moreErrorTitle="Could not load more calls"
          empty={
            <EmptyState title={filtered ? 'No calls match these filters' : 'No calls yet'} action={!filtered && <Link to="/agents">Try an agent with a test call</Link>}>
              <p>{filtered ? 'Try a wider date range or fewer filters.' : 'Calls appear here as soon as an agent answers or places one. A test call from an agent’s page shows up here too.'}</p>
            </EmptyState>
          }
        >
          {(items) => (
            <>
              <StackedBarChart bars={bars} series={SERIES} title={`Calls per day by outcome (${items.length} loaded)`} />
              <CallTable calls={items} caption="Calls, newest first" agentName={agentName} />
            </>
          )}
        </PagedList>
        {agentsState.state.status === 'error' && <ProblemAlert error={agentsState.state.error} title="Could not load agent names" onRetry={agentsState.reload} />}
      </section>
    </>
  );
}
