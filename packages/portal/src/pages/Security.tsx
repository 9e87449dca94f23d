import { useState } from 'react';
import { api, type Session } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePaged } from '../lib/useAsync.ts';
import { useSignedIn } from '../lib/session.tsx';
import { MfaStatus } from './MfaStatus.tsx';

/** The signed-in user's own security: MFA and the devices signed in as them. */
export function Security() {
  const { signOut } = useSignedIn();
  const sessions = usePaged((cursor) => api.listSessions(cursor), []);
  const [target, setTarget] = useState<Session | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  const revoke = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      if (target.current) {
        await signOut(); // revoking this device is signing out
        return;
      }
      await api.revokeSession(target.id);
      sessions.update((list) => list.filter((s) => s.id !== target.id));
      setStatus('Session revoked. That device is signed out.');
      setTarget(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Security" description="Multi-factor authentication and the devices signed in to your account." />
      <MfaStatus />
      <section className="card" aria-labelledby="sessions-title">
        <div className="card-header">
          <h2 id="sessions-title">Active sessions</h2>
          <button type="button" className="button button-secondary" onClick={() => signOut().catch(setError)}>
            Sign out of this device
          </button>
        </div>
        {sessions.state.status === 'loading' && <Loading label="Loading sessions…" />}
        {sessions.state.status === 'error' && <ProblemAlert error={sessions.state.error} title="Could not load sessions" onRetry={sessions.reload} />}
        {sessions.state.status === 'ready' &&
          (sessions.state.data.length === 0 ? (
            <EmptyState title="No active sessions" />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="sr-only">Sessions signed in as you</caption>
                <thead>
                  <tr>
                    <th scope="col">Device</th>
                    <th scope="col">IP address</th>
                    <th scope="col">Signed in</th>
                    <th scope="col">Last active</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sessions.state.data.map((s) => (
                    <tr key={s.id}>
                      <td data-label="Device">
                        <span className="truncate" title={s.user_agent ?? undefined}>
                          {s.user_agent ?? 'Unknown device'}
                        </span>
                        {s.current && <span className="badge badge-success">This device</span>}
                      </td>
                      <td data-label="IP address">{s.ip ?? '—'}</td>
                      <td data-label="Signed in">{formatDateTime(s.created_at)}</td>
                      <td data-label="Last active">{formatDateTime(s.last_seen_at)}</td>
                      <td className="cell-actions">
                        <button type="button" className="button button-danger-ghost" onClick={() => setTarget(s)}>
                          {s.current ? 'Sign out' : 'Revoke'}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        {sessions.hasMore && (
          <button type="button" className="button button-secondary" onClick={sessions.loadMore} disabled={sessions.loadingMore}>
            {sessions.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
        {sessions.moreError != null && <ProblemAlert error={sessions.moreError} title="Could not load more sessions" />}
        <LiveStatus message={status} />
      </section>
      <ConfirmDialog
        open={target !== null}
        title={target?.current ? 'Sign out of this device?' : 'Revoke this session?'}
        confirmLabel={target?.current ? 'Sign out' : 'Revoke session'}
        busy={busy}
        error={error}
        onConfirm={revoke}
        onCancel={() => {
          setTarget(null);
          setError(null);
        }}
      >
        <p>
          {target?.current
            ? 'You will need to sign in again.'
            : `The device (${target?.user_agent ?? 'unknown'}, ${target?.ip ?? 'unknown IP'}) is signed out on its next request.`}
        </p>
      </ConfirmDialog>
    </>
  );
}
