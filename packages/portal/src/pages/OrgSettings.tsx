import { api, type Org } from '../api.ts';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDate } from '../lib/format.ts';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { useResource } from '../lib/useAsync.ts';
import { CallSettingsCard } from './CallSettingsCard.tsx';
import { MfaPolicy } from './MfaPolicy.tsx';
import { OrgNameForm } from './OrgNameForm.tsx';

/** The acting org's name, its MFA policy and its call settings. */
export function OrgSettings() {
  const { acting, refresh } = useSignedIn();
  const { state, reload, setState } = useResource(() => api.getOrg(), []);
  const canEdit = hasRole(acting.role, 'admin');
  const saved = (org: Org) => {
    setState({ status: 'ready', data: org });
    void refresh(); // the header, the org switcher and the overview show the name and policy too
  };

  return (
    <>
      <PageHeader title="Organization settings" description="The name your team sees, the security policy for everyone in it, and how calls are kept and placed." />
      {state.status === 'loading' && <Loading label="Loading organization…" />}
      {state.status === 'error' && <ProblemAlert error={state.error} title="Could not load the organization" onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          {!canEdit && <p className="alert alert-info">Only admins and owners can change these settings.</p>}
          <OrgNameForm org={state.data} disabled={!canEdit} onSaved={saved} />
          <MfaPolicy org={state.data} disabled={!canEdit} onSaved={saved} />
          <CallSettingsCard canEdit={canEdit} />
          <section className="card">
            <h2>Details</h2>
            <dl className="details">
              <dt>Org ID</dt>
              <dd>
                <code>{state.data.id}</code>
              </dd>
              <dt>Type</dt>
              <dd>{state.data.kind === 'agency' ? 'Top-level organization (can manage client clinics)' : 'Clinic managed by an agency'}</dd>
              <dt>Created</dt>
              <dd>{formatDate(state.data.created_at)}</dd>
            </dl>
          </section>
        </>
      )}
    </>
  );
}
