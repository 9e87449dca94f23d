import type { Agent } from '../api.ts';

const LOOK: Record<Agent['sync_status'], { label: string; tone: string }> = {
  unpublished: { label: 'Not published', tone: 'badge-muted' },
  pending: { label: 'Publishing…', tone: 'badge-info' },
  synced: { label: 'Live', tone: 'badge-success' },
  failed: { label: 'Sync failed', tone: 'badge-danger' },
};

/** Which revision is live, said without a second request: the live one is the current one or an older one. */
export function liveRevisionLabel(agent: Agent): string {
  if (!agent.live_revision_id) return 'Not live';
  return agent.live_revision_id === agent.revision_id ? `Revision ${agent.revision_number}` : 'An earlier revision';
}

/** The agent's sync state as a badge, with the vendor's last error and whether the job is still retrying. */
export function SyncStatus({ agent, detailed = false }: { agent: Agent; detailed?: boolean }) {
  const look = LOOK[agent.sync_status];
  const error = agent.last_sync_error;
  return (
    <div className="sync-status" data-sync-status={agent.sync_status}>
      <span className={`badge ${look.tone}`}>{look.label}</span>
      {agent.sync_status === 'failed' && (
        <span className="badge badge-warning">{agent.sync_will_retry ? 'Will retry' : 'Not retrying'}</span>
      )}
      {agent.sync_status === 'synced' && agent.has_unpublished_changes && <span className="badge badge-muted">Unpublished changes</span>}
      {error && (agent.sync_status === 'failed' || detailed) && (
        <p className="cell-secondary sync-error">
          <code>{error.code}</code> {error.message}
        </p>
      )}
    </div>
  );
}
