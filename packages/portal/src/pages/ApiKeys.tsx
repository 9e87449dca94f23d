import { useState } from 'react';
import { api, type ApiKey } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { usePaged } from '../lib/useAsync.ts';
import { CreateApiKey } from './CreateApiKey.tsx';

function keyStatus(k: ApiKey): { label: string; tone: string } {
  if (k.revoked_at) return { label: 'Revoked', tone: 'badge-muted' };
  if (k.expires_at && new Date(k.expires_at).getTime() <= Date.now()) return { label: 'Expired', tone: 'badge-muted' };
  return { label: 'Active', tone: 'badge-success' };
}

/** Secret keys for the REST API: create (secret shown once), see when each was last used, revoke. */
export function ApiKeys() {
  const keys = usePaged((cursor) => api.listApiKeys(cursor), []);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setDialogError(null);
    try {
      const revoked = await api.revokeApiKey(revoking.id);
      keys.update((list) => list.map((k) => (k.id === revoked.id ? revoked : k)));
      setStatus(`Key "${revoked.name}" was revoked.`);
      setRevoking(null);
    } catch (err) {
      setDialogError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="API keys" description="Keys let your own systems and integrations use the Voxanne API. Treat them like passwords." />
      <CreateApiKey onCreated={(key) => keys.update((list) => [key, ...list])} />
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        {keys.state.status === 'loading' && <Loading label="Loading API keys…" />}
        {keys.state.status === 'error' && <ProblemAlert error={keys.state.error} title="Could not load API keys" onRetry={keys.reload} />}
        {keys.state.status === 'ready' &&
          (keys.state.data.length === 0 ? (
            <EmptyState title="No API keys yet">Create one above to connect your practice management system or your own code.</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="sr-only">API keys</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Key</th>
                    <th scope="col">Scopes</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {keys.state.data.map((k) => {
                    const s = keyStatus(k);
                    return (
                      <tr key={k.id} data-key-id={k.id}>
                        <td data-label="Name">
                          <div className="cell-primary">{k.name}</div>
                          <div className="cell-secondary">Created {formatDate(k.created_at)}</div>
                        </td>
                        <td data-label="Key">
                          <code>
                            {k.prefix}…{k.last4}
                          </code>{' '}
                          <span className={k.mode === 'live' ? 'badge badge-info' : 'badge badge-muted'}>{k.mode}</span>
                        </td>
                        <td data-label="Scopes">{k.scopes.join(', ')}</td>
                        <td data-label="Last used">{formatDateTime(k.last_used_at, 'Never')}</td>
                        <td data-label="Expires">{formatDate(k.expires_at, 'Never')}</td>
                        <td data-label="Status">
                          <span className={`badge ${s.tone}`}>{s.label}</span>
                        </td>
                        <td className="cell-actions">
                          {!k.revoked_at && (
                            <button type="button" className="button button-danger-ghost" onClick={() => setRevoking(k)}>
                              Revoke<span className="sr-only"> {k.name}</span>
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))}
        {keys.hasMore && (
          <button type="button" className="button button-secondary" onClick={keys.loadMore} disabled={keys.loadingMore}>
            {keys.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
        {keys.moreError != null && <ProblemAlert error={keys.moreError} title="Could not load more keys" />}
        <LiveStatus message={status} />
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke "${revoking?.name ?? ''}"?`}
        confirmLabel="Revoke key"
        busy={busy}
        error={dialogError}
        onConfirm={revoke}
        onCancel={() => {
          setRevoking(null);
          setDialogError(null);
        }}
      >
        <p>
          Requests using <code>{revoking ? `${revoking.prefix}…${revoking.last4}` : ''}</code> fail from the next request on. This cannot be
          undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
