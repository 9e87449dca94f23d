import type { Agent, AgentRevision } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { PagedList } from '../components/PagedList.tsx';
import { formatDateTime } from '../lib/format.ts';
import type { Paged } from '../lib/useAsync.ts';
import { useConfirm } from '../lib/useConfirm.ts';

interface Props {
  agent: Agent;
  revisions: Paged<AgentRevision>;
  canWrite: boolean;
  onRollback(revision: AgentRevision): Promise<void>;
}

function origin(r: AgentRevision, all: AgentRevision[]): string {
  if (r.source === 'create') return 'Created';
  if (r.source === 'update') return 'Edited';
  const from = all.find((x) => x.id === r.restored_from_revision_id);
  return from ? `Rolled back to revision ${from.number}` : 'Rolled back to an earlier revision';
}

/** Every saved configuration, newest first. Rolling back writes a new revision; history is never rewritten. */
export function AgentRevisions({ agent, revisions, canWrite, onRollback }: Props) {
  const rollingBack = useConfirm(async (revision: AgentRevision) => {
    await onRollback(revision);
  });

  return (
    <section className="card" aria-labelledby="revisions-title">
      <h2 id="revisions-title">Revision history</h2>
      <PagedList
        list={revisions}
        loadingLabel="Loading revisions…"
        errorTitle="Could not load revisions"
        moreErrorTitle="Could not load older revisions"
        moreLabel="Load older revisions"
        empty={<EmptyState title="No revisions" />}
      >
        {(list) => (
          <ol className="list" aria-label="Revisions">
            {list.map((r) => (
              <li key={r.id} className="list-item revision" data-revision={r.number}>
                <div className="revision-body">
                  <p className="cell-primary">
                    Revision {r.number}
                    {r.id === agent.revision_id && <span className="badge badge-info">Current</span>}
                    {r.id === agent.live_revision_id && <span className="badge badge-success">Live</span>}
                  </p>
                  <p className="cell-secondary">
                    {origin(r, list)} · {formatDateTime(r.created_at)}
                    {r.created_by ? ` · by ${r.created_by}` : ''}
                  </p>
                  <p className="cell-secondary revision-prompt">{r.config.system_prompt}</p>
                </div>
                {canWrite && r.id !== agent.revision_id && (
                  <button type="button" className="button button-secondary" onClick={() => rollingBack.ask(r)}>
                    Roll back to this revision<span className="sr-only"> ({r.number})</span>
                  </button>
                )}
              </li>
            ))}
          </ol>
        )}
      </PagedList>
      <ConfirmDialog
        {...rollingBack.dialog}
        title={`Roll back to revision ${rollingBack.target?.number ?? ''}?`}
        confirmLabel="Roll back"
      >
        <p>
          A new revision is written with revision {rollingBack.target?.number}’s configuration; unsaved edits in the form are discarded.{' '}
          {agent.live_revision_id ? 'The agent is published, so the new revision is published right away.' : 'It stays a draft until you publish.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}
