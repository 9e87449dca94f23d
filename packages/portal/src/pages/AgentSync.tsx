import { useEffect, useState } from 'react';
import { api, type Agent } from '../api.ts';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { liveRevisionLabel, SyncStatus } from '../components/SyncStatus.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useMutation } from '../lib/useMutation.ts';

// A sync usually settles within seconds; a failed one that will retry follows the job's backoff, so look less often.
const PENDING_POLL_MS = 1_000;
const RETRYING_POLL_MS = 4_000;

interface Props {
  agent: Agent;
  canPublish: boolean;
  /** Re-reads the agent; the parent drops answers that a newer change has overtaken. */
  refresh(): Promise<void>;
  onPublished(agent: Agent): void;
}

/** Sync status, what is live, the last error, and Publish; watches the job until it settles. */
export function AgentSync({ agent, canPublish, refresh, onPublished }: Props) {
  const { busy, error, run } = useMutation();
  const [pollError, setPollError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const settling = agent.sync_status === 'pending' || (agent.sync_status === 'failed' && agent.sync_will_retry);

  useEffect(() => {
    if (!settling) return;
    const timer = setTimeout(
      () => refresh().then(() => setPollError(null), setPollError),
      agent.sync_status === 'pending' ? PENDING_POLL_MS : RETRYING_POLL_MS,
    );
    return () => clearTimeout(timer);
  }, [settling, agent]);

  // Announce how the publish ended, once, when the job settles.
  useEffect(() => {
    if (agent.sync_status === 'synced') setStatus((s) => (s === 'Publishing…' ? `Revision ${agent.revision_number} is live.` : s));
    if (agent.sync_status === 'failed') setStatus((s) => (s === 'Publishing…' ? 'The sync failed. See the error above.' : s));
  }, [agent.sync_status]);

  const publish = async () => {
    await run(async () => {
      onPublished(await api.publishAgent(agent.id));
      setStatus('Publishing…');
    });
  };

  const upToDate = agent.sync_status === 'synced' && !agent.has_unpublished_changes;
  return (
    <section className="card" aria-labelledby="sync-title">
      <div className="card-header">
        <h2 id="sync-title">Publishing</h2>
        {canPublish && (
          <button type="button" className="button button-primary" onClick={publish} disabled={busy || agent.sync_status === 'pending' || upToDate}>
            {busy ? 'Publishing…' : `Publish revision ${agent.revision_number}`}
          </button>
        )}
      </div>
      <dl className="details">
        <dt>Status</dt>
        <dd>
          <SyncStatus agent={agent} detailed />
        </dd>
        <dt>Live</dt>
        <dd data-testid="live-revision">{liveRevisionLabel(agent)}</dd>
        <dt>Last synced</dt>
        <dd>{formatDateTime(agent.last_synced_at, 'Never')}</dd>
        {agent.voice_connector && (
          <>
            <dt>Voice connector</dt>
            <dd>{agent.voice_connector === 'vapi' ? 'Vapi' : 'Simulator (offline)'}</dd>
          </>
        )}
      </dl>
      {upToDate && <p className="field-hint">The current revision is live. Save a change to publish again.</p>}
      {error != null && <ProblemAlert error={error} title="Could not publish" />}
      {pollError != null && <ProblemAlert error={pollError} title="Could not refresh the sync status" onRetry={() => void refresh().then(() => setPollError(null), setPollError)} />}
      <LiveStatus message={status} />
    </section>
  );
}
