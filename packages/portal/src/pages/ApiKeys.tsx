import { useState } from 'react';
import { api, type ApiKey } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { usePaged, useResource } from '../lib/useAsync.ts';
import { CreateApiKey } from './CreateApiKey.tsx';
import { KeyLifetime } from './KeyLifetime.tsx';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { useConfirm } from '../lib/useConfirm.ts';

function keyStatus(k: ApiKey): { label: string; tone: string } {
  if (k.revoked_at) return { label: 'Revoked', tone: 'badge-muted' };
  if (k.expires_at && new Date(k.expires_at).getTime() <= Date.now()) return { label: 'Expired', tone: 'badge-muted' };
  return { label: 'Active', tone: 'badge-success' };
}

/** Secret keys for the REST API: create (secret shown once), see when each was last used, revoke. */
export function ApiKeys() {
  const keys = usePaged((cursor) => api.listApiKeys(cursor), []);
  const org = useResource(() => api.getOrg(), []);
  const orgData = org.state.status === 'ready' ? org.state.data : null;
  const [status, setStatus] = useState<string | null>(null);

  const revoking = useConfirm(async (key: ApiKey) => {
    const revoked = await api.revokeApiKey(key.id);
    keys.update((list) => list.map((k) => (k.id === revoked.id ? revoked : k)));
    setStatus(`Key "${revoked.name}" was revoked.`);
  });

  return (
    <>
      <PageHeader title="API keys" description="Keys let your own systems and integrations use the Voxanne API. Treat them like passwords." />
      <CreateApiKey defaultTtlDays={orgData?.api_key_default_ttl_days ?? null} onCreated={(key) => keys.update((list) => [key, ...list])} />
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        <PagedList
          list={keys}
          loadingLabel="Loading API keys…"
          errorTitle="Could not load API keys"
          moreErrorTitle="Could not load more keys"
          empty={<EmptyState title="No API keys yet">Create one above to connect your practice management system or your own code.</EmptyState>}
        >
          {(items) => (
            <DataTable caption="API keys" columns={['Name', 'Key', 'Scopes', 'Last used', 'Expires', 'Status']} actions>
              {items.map((k) => {
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
                        <button type="button" className="button button-danger-ghost" onClick={() => revoking.ask(k)}>
                          Revoke<span className="sr-only"> {k.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </PagedList>
        <LiveStatus message={status} />
      </section>
      {orgData && <KeyLifetime org={orgData} onSaved={(saved) => org.setState({ status: 'ready', data: saved })} />}
      <ConfirmDialog
        {...revoking.dialog}
        title={`Revoke "${revoking.target?.name ?? ''}"?`}
        confirmLabel="Revoke key"
      >
        <p>
          Requests using <code>{revoking.target ? `${revoking.target.prefix}…${revoking.target.last4}` : ''}</code> fail from the next request on. This cannot be
          undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
