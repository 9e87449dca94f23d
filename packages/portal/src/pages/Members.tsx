import { useState } from 'react';
import { api, type Member, type Role } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDate } from '../lib/format.ts';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged } from '../lib/useAsync.ts';
import { Invites } from './Invites.tsx';
import { ROLES, roleLabel } from '../lib/roles.ts';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { useConfirm } from '../lib/useConfirm.ts';

/** People in the acting org: their roles, changing them, removing people, and inviting new ones. */
export function Members() {
  const { acting, me } = useSignedIn();
  const members = usePaged((cursor) => api.listMembers(cursor), []);
  const canManage = hasRole(acting.role, 'admin');
  const [rowError, setRowError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  const changeRole = async (m: Member, role: Role) => {
    setRowError(null);
    setStatus(`Changing ${m.name}'s role…`);
    try {
      const updated = await api.updateMember(m.id, role);
      members.update((list) => list.map((x) => (x.id === m.id ? updated : x)));
      setStatus(`${m.name} is now ${role}.`);
    } catch (err) {
      setRowError(err);
      setStatus(null);
    }
  };

  const removing = useConfirm(async (member: Member) => {
    await api.removeMember(member.id);
    members.update((list) => list.filter((x) => x.id !== member.id));
    setStatus(`${member.name} was removed.`);
  });

  return (
    <>
      <PageHeader title="Members" description={`People who can sign in to ${acting.org.name}, and what they may do.`} />
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">Team</h2>
        <PagedList
          list={members}
          loadingLabel="Loading members…"
          errorTitle="Could not load members"
          moreErrorTitle="Could not load more members"
          empty={<EmptyState title="No members yet" />}
        >
          {(items) => (
            <DataTable caption={<>Members of {acting.org.name}</>} columns={['Name', 'Role', 'MFA', 'Joined']} actions>
              {items.map((m) => (
                <tr key={m.id}>
                  <td data-label="Name">
                    <div className="cell-primary">
                      {m.name}
                      {m.user_id === me.user.id && <span className="badge badge-muted">You</span>}
                    </div>
                    <div className="cell-secondary">{m.email}</div>
                  </td>
                  <td data-label="Role">
                    {canManage ? (
                      <select className="select" aria-label={`Role for ${m.name}`} value={m.role} onChange={(e) => changeRole(m, e.target.value as Role)}>
                        {ROLES.map((r) => (
                          <option key={r.value} value={r.value}>
                            {r.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      roleLabel(m.role)
                    )}
                  </td>
                  <td data-label="MFA">
                    <span className={m.mfa_enabled ? 'badge badge-success' : 'badge badge-warning'}>{m.mfa_enabled ? 'On' : 'Off'}</span>
                  </td>
                  <td data-label="Joined">{formatDate(m.created_at)}</td>
                  <td className="cell-actions">
                    {canManage && (
                      <button type="button" className="button button-danger-ghost" onClick={() => removing.ask(m)}>
                        Remove<span className="sr-only"> {m.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
        {rowError != null && <ProblemAlert error={rowError} title="Could not change the role" />}
        <LiveStatus message={status} />
      </section>
      {canManage && <Invites />}
      <ConfirmDialog
        {...removing.dialog}
        title={`Remove ${removing.target?.name ?? 'member'}?`}
        confirmLabel="Remove member"
      >
        <p>
          {removing.target?.email} loses access to {acting.org.name} immediately. You can invite them again later.
        </p>
      </ConfirmDialog>
    </>
  );
}
