import { useState, type FormEvent } from 'react';
import { api, type Invite, type InviteWithToken, type Role } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { SecretReveal } from '../components/SecretReveal.tsx';
import { formatDate } from '../lib/format.ts';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged } from '../lib/useAsync.ts';
import { ROLES, roleLabel } from '../lib/roles.ts';
import { Field } from '../components/Field.tsx';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { useConfirm } from '../lib/useConfirm.ts';
import { useMutation } from '../lib/useMutation.ts';

export const inviteLink = (token: string) => `${window.location.origin}/accept-invite?token=${encodeURIComponent(token)}`;

/** Inviting by email (the link is shown once) and the invitations still waiting for an answer. */
export function Invites() {
  const { acting } = useSignedIn();
  const invites = usePaged((cursor) => api.listInvites(cursor), []);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [created, setCreated] = useState<InviteWithToken | null>(null);
  const { busy, error, run } = useMutation();
  const [status, setStatus] = useState<string | null>(null);
  // Only an owner may hand out the owner role.
  const roles = ROLES.filter((r) => r.value !== 'owner' || hasRole(acting.role, 'owner'));

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const inv = await api.createInvite({ email: email.trim(), role });
      setCreated(inv);
      setEmail('');
      const { token: _token, ...listed } = inv;
      invites.update((list) => [listed, ...list]);
    });
  };

  const revoking = useConfirm(async (pending: Invite) => {
    await api.revokeInvite(pending.id);
    invites.update((list) => list.filter((i) => i.id !== pending.id));
    setStatus(`The invitation to ${pending.email} was revoked.`);
  });

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
      <PagedList
        list={invites}
        loadingLabel="Loading invitations…"
        errorTitle="Could not load invitations"
        moreErrorTitle="Could not load more invitations"
        empty={<EmptyState title="No pending invitations" />}
      >
        {(items) => (
          <DataTable caption="Pending invitations" columns={['Email', 'Role', 'Expires']} actions>
            {items.map((i) => (
              <tr key={i.id}>
                <td data-label="Email">{i.email}</td>
                <td data-label="Role">{roleLabel(i.role)}</td>
                <td data-label="Expires">{i.status === 'expired' ? <span className="badge badge-muted">Expired</span> : formatDate(i.expires_at)}</td>
                <td className="cell-actions">
                  <button type="button" className="button button-danger-ghost" onClick={() => revoking.ask(i)}>
                    Revoke<span className="sr-only"> invitation for {i.email}</span>
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedList>
      <LiveStatus message={status} />
      <ConfirmDialog
        {...revoking.dialog}
        title="Revoke this invitation?"
        confirmLabel="Revoke invitation"
      >
        <p>The link sent to {revoking.target?.email} stops working.</p>
      </ConfirmDialog>
    </section>
  );
}
