import { useCallback, useRef, useState } from 'react';
import { api, type Agent, type AgentConfig, type AgentRevision } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { patchFrom } from '../lib/agent-draft.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged, useResource } from '../lib/useAsync.ts';
import { AgentForm } from './AgentForm.tsx';
import { AgentRevisions } from './AgentRevisions.tsx';
import { AgentSync } from './AgentSync.tsx';
import { AgentTestCall } from './AgentTestCall.tsx';
import { useConfirm } from '../lib/useConfirm.ts';

const backLink = (
  <Link to="/agents" className="button button-secondary">
    All agents
  </Link>
);

/** /agents/new and /agents/:id. */
export function AgentEditor({ agentId }: { agentId: string | null }) {
  return agentId ? <ExistingAgent agentId={agentId} /> : <NewAgent />;
}

function NewAgent() {
  const { acting } = useSignedIn();
  const create = async (config: AgentConfig) => {
    const agent = await api.createAgent(config);
    navigate(`/agents/${agent.id}?created=1`);
  };
  return (
    <>
      <PageHeader title="New agent" description="Nothing reaches your phone line until you publish the agent." actions={backLink} />
      {!hasRole(acting.role, 'member') && <p className="alert alert-info">Viewers cannot create agents.</p>}
      <AgentForm agent={null} readOnly={!hasRole(acting.role, 'member')} submitLabel="Create agent" onSubmit={create} />
    </>
  );
}

function ExistingAgent({ agentId }: { agentId: string }) {
  const { acting } = useSignedIn();
  const { query } = useLocation();
  const canWrite = hasRole(acting.role, 'member');
  const { state, reload, setState } = useResource(() => api.getAgent(agentId), [agentId]);
  const revisions = usePaged((cursor) => api.listAgentRevisions(agentId, cursor), [agentId]);
  const [status, setStatus] = useState<string | null>(query.get('created') ? 'Agent created as revision 1. Publish it to put it live.' : null);
  // Bumped by every change made here, so a status poll that started before the change cannot overwrite it.
  const generation = useRef(0);

  const apply = useCallback((agent: Agent) => {
    generation.current++;
    setState({ status: 'ready', data: agent });
  }, []);

  const refresh = useCallback(async () => {
    const started = generation.current;
    const agent = await api.getAgent(agentId);
    if (started === generation.current) setState({ status: 'ready', data: agent });
  }, [agentId]);

  // A hook, so above the early returns: hooks run in the same order on every render.
  const deleting = useConfirm(async (id: string) => {
    await api.deleteAgent(id);
    navigate('/agents');
  });

  if (state.status === 'loading') return <Loading label="Loading agent…" />;
  if (state.status === 'error') {
    return (
      <>
        <PageHeader title="Agent" actions={backLink} />
        <ProblemAlert error={state.error} title="Could not load the agent" onRetry={reload} />
      </>
    );
  }
  const agent = state.data;

  const save = async (config: AgentConfig) => {
    const patch = patchFrom(agent, config);
    if (Object.keys(patch).length === 0) {
      setStatus(`Nothing changed: still revision ${agent.revision_number}.`);
      return;
    }
    const updated = await api.updateAgent(agent.id, patch);
    apply(updated);
    revisions.reload();
    setStatus(
      updated.revision_number === agent.revision_number
        ? `Nothing changed: still revision ${agent.revision_number}.`
        : `Saved as revision ${updated.revision_number}. Publish to make it live.`,
    );
  };

  const rollback = async (revision: AgentRevision) => {
    const rolled = await api.rollbackAgent(agent.id, revision.id);
    apply(rolled);
    revisions.reload();
    setStatus(`Rolled back to revision ${revision.number}: now revision ${rolled.revision_number}.`);
  };

  return (
    <>
      <PageHeader title={agent.name} description={`${agent.kind === 'inbound' ? 'Inbound' : 'Outbound'} agent · revision ${agent.revision_number}`} actions={backLink} />
      <LiveStatus message={status} />
      <AgentSync agent={agent} canPublish={canWrite} refresh={refresh} onPublished={apply} />
      {canWrite && <AgentTestCall agent={agent} />}
      {/* Remounted per revision: after a save or rollback the form shows exactly what was stored. */}
      <AgentForm key={agent.revision_id} agent={agent} readOnly={!canWrite} submitLabel="Save changes" onSubmit={save} />
      <AgentRevisions agent={agent} revisions={revisions} canWrite={canWrite} onRollback={rollback} />
      {canWrite && (
        <section className="card" aria-labelledby="delete-agent-title">
          <h2 id="delete-agent-title">Delete agent</h2>
          <p>The agent stops answering at once, its phone numbers are detached, and it is removed from the voice vendor.</p>
          <button type="button" className="button button-danger" onClick={() => deleting.ask(agent.id)}>
            Delete agent
          </button>
        </section>
      )}
      <ConfirmDialog
        {...deleting.dialog}
        title={`Delete ${agent.name}?`}
        confirmLabel="Delete agent"
      >
        <p>This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
