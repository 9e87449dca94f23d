import { useState, type FormEvent } from 'react';
import { api, type Invite, type InviteWithToken, type Role } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { SecretReveal } from '../components/SecretReveal.tsx';
import { formatDate } from '../lib/format.ts';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged } from '../lib/useAsync.ts';
import { ROLES, roleLabel } from '../lib/roles.ts';
import { Field } from '../components/Field.tsx';

export const inviteLink = (token: string) => `${window.location.origin}/accept-invite?token=${encodeURIComponent(token)}`;

/** Inviting by email (the link is shown once) and the invitations still waiting for an answer. */
export function Invites() {
  const { acting } = useSignedIn();
  const invites = usePaged((cursor) => api.listInvites(cursor), []);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [created, setCreated] = useState<InviteWithToken | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  // Only an owner may hand out the owner role.
  const roles = ROLES.filter((r) => r.value !== 'owner' || hasRole(acting.role, 'owner'));

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const inv = await api.createInvite({ email: email.trim(), role });
      setCreated(inv);
      setEmail('');
      const { token: _token, ...listed } = inv;
      invites.update((list) => [listed, ...list]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setDialogError(null);
    try {
      await api.revokeInvite(revoking.id);
      invites.update((list) => list.filter((i) => i.id !== revoking.id));
      setStatus(`The invitation to ${revoking.email} was revoked.`);
      setRevoking(null);
    } catch (err) {
      setDialogError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="invites-title">
      <h2 id="invites-title">Invitations</h2>
      {created ? (
        <SecretReveal
          title={`Invitation for ${created.email}`}
          label="Invitation link"
          value={inviteLink(created.token)}
          warning="Send this link to the person you invited. It is shown only once and expires in 7 days."
          doneLabel="Done"
          onDone={() => setCreated(null)}
        >
          <p className="field-hint">
            Invite token: <code>{created.token}</code>
          </p>
        </SecretReveal>
      ) : (
        <form className="form form-inline" onSubmit={invite}>
          <Field label="Email address" grow>
            <input className="input" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <Field label="Role">
            <select className="select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Inviting…' : 'Send invitation'}
          </button>
        </form>
      )}
      {error != null && <ProblemAlert error={error} title="Could not create the invitation" />}

      <h3>Pending</h3>
      {invites.state.status === 'loading' && <Loading label="Loading invitations…" />}
      {invites.state.status === 'error' && <ProblemAlert error={invites.state.error} title="Could not load invitations" onRetry={invites.reload} />}
      {invites.state.status === 'ready' &&
        (invites.state.data.length === 0 ? (
          <EmptyState title="No pending invitations" />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Pending invitations</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invites.state.data.map((i) => (
                  <tr key={i.id}>
                    <td data-label="Email">{i.email}</td>
                    <td data-label="Role">{roleLabel(i.role)}</td>
                    <td data-label="Expires">{i.status === 'expired' ? <span className="badge badge-muted">Expired</span> : formatDate(i.expires_at)}</td>
                    <td className="cell-actions">
                      <button type="button" className="button button-danger-ghost" onClick={() => setRevoking(i)}>
                        Revoke<span className="sr-only"> invitation for {i.email}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {invites.hasMore && (
        <button type="button" className="button button-secondary" onClick={invites.loadMore} disabled={invites.loadingMore}>
          {invites.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
      {invites.moreError != null && <ProblemAlert error={invites.moreError} title="Could not load more invitations" />}
      <LiveStatus message={status} />
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this invitation?"
        confirmLabel="Revoke invitation"
        busy={busy}
        error={dialogError}
        onConfirm={revoke}
        onCancel={() => {
          setRevoking(null);
          setDialogError(null);
        }}
      >
        <p>The link sent to {revoking?.email} stops working.</p>
      </ConfirmDialog>
    </section>
  );
}
