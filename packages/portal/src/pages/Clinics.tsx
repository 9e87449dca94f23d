import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDate } from '../lib/format.ts';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged } from '../lib/useAsync.ts';
import { Field } from '../components/Field.tsx';
import { PagedList } from '../components/PagedList.tsx';
import { useMutation } from '../lib/useMutation.ts';

/** An agency's client clinics (child orgs): list, create, and switch to one. */
export function Clinics() {
  const { acting, refresh, switchOrg, orgs } = useSignedIn();
  const children = usePaged((cursor) => api.listChildOrgs(cursor), []);
  const [name, setName] = useState('');
  const { busy, error, run } = useMutation();
  const [status, setStatus] = useState<string | null>(null);
  const canCreate = hasRole(acting.role, 'admin');

  const create = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const org = await api.createChildOrg(name.trim());
      children.update((list) => [org, ...list]);
      setName('');
      setStatus(`${org.name} was created. You can switch to it from the header.`);
      await refresh(); // adds it to the org switcher
    });
  };

  if (acting.org.kind !== 'agency') {
    return (
      <>
        <PageHeader title="Clinics" />
        <EmptyState title="Clinics are managed by the agency">
          {acting.org.name} is a clinic managed by an agency. Switch to the agency in the header to see and create its clinics.
        </EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Clinics" description={`Client clinics managed by ${acting.org.name}. Each is its own org with its own data, keys and members.`} />
      {canCreate && (
        <section className="card" aria-labelledby="new-clinic-title">
          <h2 id="new-clinic-title">Add a clinic</h2>
          <form className="form form-inline" onSubmit={create}>
            <Field label="Clinic name" grow>
              <input className="input" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Creating…' : 'Create clinic'}
            </button>
          </form>
          {error != null && <ProblemAlert error={error} title="Could not create the clinic" />}
          <LiveStatus message={status} />
        </section>
      )}
      <section className="card" aria-labelledby="clinics-title">
        <h2 id="clinics-title">Clinics</h2>
        <PagedList
          list={children}
          loadingLabel="Loading clinics…"
          errorTitle="Could not load clinics"
          moreErrorTitle="Could not load more clinics"
          empty={<EmptyState title="No clinics yet">Agencies add a clinic for each client practice they manage.</EmptyState>}
        >
          {(items) => (
            <ul className="list">
              {items.map((c) => (
                <li key={c.id} className="list-item">
                  <div>
                    <div className="cell-primary">{c.name}</div>
                    <div className="cell-secondary">
                      <code>{c.id}</code> · created {formatDate(c.created_at)}
                      {c.require_mfa && ' · MFA required'}
                    </div>
                  </div>
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={!orgs.some((o) => o.org.id === c.id)}
                    onClick={() => switchOrg(c.id)}
                  >
                    Switch to<span className="sr-only"> {c.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </section>
    </>
  );
}
