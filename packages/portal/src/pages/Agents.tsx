import { api, type Agent, type PhoneNumber } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { liveRevisionLabel, SyncStatus } from '../components/SyncStatus.tsx';
import { Link } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged, useResource } from '../lib/useAsync.ts';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';

function numbersOf(agent: Agent, numbers: PhoneNumber[] | null): string {
  const mine = (numbers ?? []).filter((n) => n.agent_id === agent.id).map((n) => n.number);
  return mine.length ? mine.join(', ') : '—';
}

/** The org's voice agents: their sync state, what is live and which numbers reach them. */
export function Agents() {
  const { acting } = useSignedIn();
  const agents = usePaged((cursor) => api.listAgents(cursor), []);
  // Only to show each agent's numbers; the list still works (with dashes) if this fails.
  const numbers = useResource(() => api.listPhoneNumbers(), []);
  const numberList = numbers.state.status === 'ready' ? numbers.state.data.data : null;
  const canWrite = hasRole(acting.role, 'member');
  const newAgent = canWrite && (
    <Link to="/agents/new" className="button button-primary">
      New agent
    </Link>
  );

  return (
    <>
      <PageHeader
        title="Agents"
        description="Your AI receptionists: what they say, how they sound, when you are open and what they may do on a call."
        actions={newAgent}
      />
      <section className="card" aria-labelledby="agents-title">
        <h2 id="agents-title">All agents</h2>
        <PagedList
          list={agents}
          loadingLabel="Loading agents…"
          errorTitle="Could not load agents"
          moreErrorTitle="Could not load more agents"
          empty={
            <EmptyState title="No agents yet" action={newAgent}>
              <p>Create an agent to answer your clinic’s phone: give it a prompt, a greeting and a voice, then publish it.</p>
            </EmptyState>
          }
        >
          {(items) => (
            <DataTable caption="Voice agents" columns={['Name', 'Kind', 'Status', 'Live', 'Phone number']}>
              {items.map((a) => (
                <tr key={a.id} data-agent-id={a.id}>
                  <td data-label="Name">
                    <Link to={`/agents/${a.id}`} className="cell-primary">
                      {a.name}
                    </Link>
                    <div className="cell-secondary">Revision {a.revision_number}</div>
                  </td>
                  <td data-label="Kind">{a.kind === 'inbound' ? 'Inbound' : 'Outbound'}</td>
                  <td data-label="Status">
                    <SyncStatus agent={a} />
                  </td>
                  <td data-label="Live">{liveRevisionLabel(a)}</td>
                  <td data-label="Phone number">{numbersOf(a, numberList)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
        {numbers.state.status === 'error' && <ProblemAlert error={numbers.state.error} title="Could not load phone numbers" onRetry={numbers.reload} />}
      </section>
    </>
  );
}
