import { useState } from 'react';
import { api, type PhoneNumber } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDate } from '../lib/format.ts';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged, useResource } from '../lib/useAsync.ts';
import { AddPhoneNumber } from './AddPhoneNumber.tsx';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { useConfirm } from '../lib/useConfirm.ts';

/** The org's numbers: add them (admins), route each to an agent (members), release them (admins). */
export function PhoneNumbers() {
  const { acting } = useSignedIn();
  const numbers = usePaged((cursor) => api.listPhoneNumbers(cursor), []);
  const agents = useResource(() => api.listAgents(), []);
  const agentList = agents.state.status === 'ready' ? agents.state.data.data : [];
  const isAdmin = hasRole(acting.role, 'admin');
  const canAssign = hasRole(acting.role, 'member');
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

  const releasing = useConfirm(async (phone: PhoneNumber) => {
    await api.releasePhoneNumber(phone.id);
    numbers.update((list) => list.filter((x) => x.id !== phone.id));
    setStatus(`${phone.number} was released.`);
  });

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
        <PagedList
          list={numbers}
          loadingLabel="Loading phone numbers…"
          errorTitle="Could not load phone numbers"
          moreErrorTitle="Could not load more numbers"
          empty={
            <EmptyState title="No phone numbers yet">
              <p>{isAdmin ? 'Import a Twilio number or take a new one above, then choose the agent that answers it.' : 'An admin can add one.'}</p>
            </EmptyState>
          }
        >
          {(items) => (
            <DataTable caption="Phone numbers" columns={['Number', 'Source', 'Status', 'Answered by']} actions>
              {items.map((n) => (
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
                      <button type="button" className="button button-danger-ghost" onClick={() => releasing.ask(n)}>
                        Release<span className="sr-only"> {n.number}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
        {agents.state.status === 'error' && <ProblemAlert error={agents.state.error} title="Could not load agents to assign" onRetry={agents.reload} />}
        {rowError != null && <ProblemAlert error={rowError} title="Could not change the assignment" />}
        <LiveStatus message={status} />
      </section>
      <ConfirmDialog
        {...releasing.dialog}
        title={`Release ${releasing.target?.number ?? ''}?`}
        confirmLabel="Release number"
      >
        <p>The number is released at the voice provider and stops reaching your agents. Another organization may take it afterwards.</p>
      </ConfirmDialog>
    </>
  );
}
