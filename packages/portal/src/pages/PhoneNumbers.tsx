import { useState } from 'react';
import { api, type PhoneNumber } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDate } from '../lib/format.ts';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged, useResource } from '../lib/useAsync.ts';
import { AddPhoneNumber } from './AddPhoneNumber.tsx';

/** The org's numbers: add them (admins), route each to an agent (members), release them (admins). */
export function PhoneNumbers() {
  const { acting } = useSignedIn();
  const numbers = usePaged((cursor) => api.listPhoneNumbers(cursor), []);
  const agents = useResource(() => api.listAgents(), []);
  const agentList = agents.state.status === 'ready' ? agents.state.data.data : [];
  const isAdmin = hasRole(acting.role, 'admin');
  const canAssign = hasRole(acting.role, 'member');
  const [releasing, setReleasing] = useState<PhoneNumber | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [rowError, setRowError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  const assign = async (n: PhoneNumber, agentId: string) => {
    setRowError(null);
    setStatus(`Updating ${n.number}…`);
    try {
      const updated = await api.updatePhoneNumber(n.id, { agent_id: agentId || null });
      numbers.update((list) => list.map((x) => (x.id === n.id ? updated : x)));
      const agent = agentList.find((a) => a.id === agentId);
      setStatus(agent ? `${n.number} now rings ${agent.name}.` : `${n.number} is no longer assigned.`);
    } catch (err) {
      setRowError(err);
      setStatus(null);
    }
  };

  const release = async () => {
    if (!releasing) return;
    setBusy(true);
    setDialogError(null);
    try {
      await api.releasePhoneNumber(releasing.id);
      numbers.update((list) => list.filter((x) => x.id !== releasing.id));
      setStatus(`${releasing.number} was released.`);
      setReleasing(null);
    } catch (err) {
      setDialogError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Phone numbers" description="The numbers patients call, and the agent that answers each one." />
      {isAdmin ? (
        <AddPhoneNumber agents={agentList} onAdded={(n) => numbers.update((list) => [n, ...list])} />
      ) : (
        <p className="alert alert-info">Only admins and owners can add or release numbers.</p>
      )}
      <section className="card" aria-labelledby="numbers-title">
        <h2 id="numbers-title">Numbers</h2>
        {numbers.state.status === 'loading' && <Loading label="Loading phone numbers…" />}
        {numbers.state.status === 'error' && <ProblemAlert error={numbers.state.error} title="Could not load phone numbers" onRetry={numbers.reload} />}
        {numbers.state.status === 'ready' &&
          (numbers.state.data.length === 0 ? (
            <EmptyState title="No phone numbers yet">
              <p>{isAdmin ? 'Import a Twilio number or take a new one above, then choose the agent that answers it.' : 'An admin can add one.'}</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="sr-only">Phone numbers</caption>
                <thead>
                  <tr>
                    <th scope="col">Number</th>
                    <th scope="col">Source</th>
                    <th scope="col">Status</th>
                    <th scope="col">Answered by</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {numbers.state.data.map((n) => (
                    <tr key={n.id} data-number={n.number}>
                      <td data-label="Number">
                        <div className="cell-primary mono">{n.number}</div>
                        <div className="cell-secondary">{n.name ?? `Added ${formatDate(n.created_at)}`}</div>
                      </td>
                      <td data-label="Source">
                        {n.source === 'twilio' ? 'Twilio import' : 'Provider number'}
                        <div className="cell-secondary">{n.voice_connector === 'vapi' ? 'On Vapi' : 'On the simulator'}</div>
                      </td>
                      <td data-label="Status">
                        <span className={n.status === 'active' ? 'badge badge-success' : 'badge badge-info'}>{n.status === 'active' ? 'Active' : 'Provisioning'}</span>
                      </td>
                      <td data-label="Answered by">
                        <select
                          className="select"
                          aria-label={`Agent for ${n.number}`}
                          value={n.agent_id ?? ''}
                          disabled={!canAssign || agents.state.status !== 'ready'}
                          onChange={(e) => assign(n, e.target.value)}
                        >
                          <option value="">Not assigned</option>
                          {/* An assigned agent not on the first page of agents still shows by its id. */}
                          {n.agent_id && !agentList.some((a) => a.id === n.agent_id) && <option value={n.agent_id}>{n.agent_id}</option>}
                          {agentList.map((a) => (
                            <option key={a.id} value={a.id}>
                              {a.name}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="cell-actions">
                        {isAdmin && (
                          <button type="button" className="button button-danger-ghost" onClick={() => setReleasing(n)}>
                            Release<span className="sr-only"> {n.number}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        {numbers.hasMore && (
          <button type="button" className="button button-secondary" onClick={numbers.loadMore} disabled={numbers.loadingMore}>
            {numbers.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
        {numbers.moreError != null && <ProblemAlert error={numbers.moreError} title="Could not load more numbers" />}
        {agents.state.status === 'error' && <ProblemAlert error={agents.state.error} title="Could not load agents to assign" onRetry={agents.reload} />}
        {rowError != null && <ProblemAlert error={rowError} title="Could not change the assignment" />}
        <LiveStatus message={status} />
      </section>
      <ConfirmDialog
        open={releasing !== null}
        title={`Release ${releasing?.number ?? ''}?`}
        confirmLabel="Release number"
        busy={busy}
        error={dialogError}
        onConfirm={release}
        onCancel={() => {
          setReleasing(null);
          setDialogError(null);
        }}
      >
        <p>The number is released at the voice provider and stops reaching your agents. Another organization may take it afterwards.</p>
      </ConfirmDialog>
    </>
  );
}
