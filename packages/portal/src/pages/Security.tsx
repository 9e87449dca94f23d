import { useState } from 'react';
import { api, type Session } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePaged } from '../lib/useAsync.ts';
import { useSignedIn } from '../lib/session.tsx';
import { MfaStatus } from './MfaStatus.tsx';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { useConfirm } from '../lib/useConfirm.ts';

/** The signed-in user's own security: MFA and the devices signed in as them. */
export function Security() {
  const { signOut } = useSignedIn();
  const sessions = usePaged((cursor) => api.listSessions(cursor), []);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  const revoking = useConfirm(async (session: Session) => {
    if (session.current) {
      await signOut(); // revoking this device is signing out
      return;
    }
    await api.revokeSession(session.id);
    sessions.update((list) => list.filter((s) => s.id !== session.id));
    setStatus('Session revoked. That device is signed out.');
  });

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
        <PagedList
          list={sessions}
          loadingLabel="Loading sessions…"
          errorTitle="Could not load sessions"
          moreErrorTitle="Could not load more sessions"
          empty={<EmptyState title="No active sessions" />}
        >
          {(items) => (
            <DataTable caption="Sessions signed in as you" columns={['Device', 'IP address', 'Signed in', 'Last active']} actions>
              {items.map((s) => (
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
                    <button type="button" className="button button-danger-ghost" onClick={() => revoking.ask(s)}>
                      {s.current ? 'Sign out' : 'Revoke'}
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
        {/* The header's sign-out has no dialog to show its failure in. */}
        {error != null && <ProblemAlert error={error} title="Could not sign out" />}
        <LiveStatus message={status} />
      </section>
      <ConfirmDialog
        {...revoking.dialog}
        title={revoking.target?.current ? 'Sign out of this device?' : 'Revoke this session?'}
        confirmLabel={revoking.target?.current ? 'Sign out' : 'Revoke session'}
      >
        <p>
          {revoking.target?.current
            ? 'You will need to sign in again.'
            : `The device (${revoking.target?.user_agent ?? 'unknown'}, ${revoking.target?.ip ?? 'unknown IP'}) is signed out on its next request.`}
        </p>
      </ConfirmDialog>
    </>
  );
}
