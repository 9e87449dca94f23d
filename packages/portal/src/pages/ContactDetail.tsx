import { useState } from 'react';
import { api, type Contact } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { leadTone } from '../lib/calls.ts';
import { consentOf } from '../lib/contacts.ts';
import { formatDateTime } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { useAgents } from '../lib/useAgents.ts';
import { useResource } from '../lib/useAsync.ts';
import { CallTable } from './CallTable.tsx';
import { ContactForm } from './ContactForm.tsx';

const backLink = (
  <Link to="/contacts" className="button button-secondary">
    All contacts
  </Link>
);

/** /contacts/:id: the lead, its consent and do-not-call state, its recent calls; members edit it. */
export function ContactDetail({ contactId }: { contactId: string }) {
  const { acting } = useSignedIn();
  const canWrite = hasRole(acting.role, 'member');
  const { state, reload, setState } = useResource(() => api.getContact(contactId), [contactId]);
  const { agentName } = useAgents();
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  if (state.status === 'loading') return <Loading label="Loading contact…" />;
  if (state.status === 'error') {
    return (
      <>
        <PageHeader title="Contact" actions={backLink} />
        <ProblemAlert error={state.error} title="Could not load the contact" onRetry={reload} />
      </>
    );
  }
  const c = state.data;
  const saved = (updated: Contact) => {
    // The PATCH answers the contact without its call history; keep the history already on screen.
    setState({ status: 'ready', data: { ...c, ...updated } });
    setEditing(false);
    setStatus('Contact saved.');
  };

  return (
    <>
      <PageHeader title={c.name ?? c.phone} description={c.name ? c.phone : undefined} actions={backLink} />
      <LiveStatus message={status} />
      <section className="card" aria-labelledby="contact-title">
        <div className="card-header">
          <h2 id="contact-title">Details</h2>
          {canWrite && !editing && (
            <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
              Edit contact
            </button>
          )}
        </div>
        {editing ? (
          <ContactForm contact={c} submitLabel="Save contact" onCancel={() => setEditing(false)} onSubmit={async (patch) => saved(await api.updateContact(c.id, patch))} />
        ) : (
          <dl className="details">
            <dt>Phone</dt>
            <dd className="mono">{c.phone}</dd>
            <dt>Lead score</dt>
            <dd>
              {c.lead_score != null ? <span className={`badge ${leadTone(c.lead_score)}`}>{c.lead_score}</span> : 'Not scored yet'}
              {c.lead_reasons.length > 0 && (
                <ul className="reasons" aria-label="Why this score">
                  {c.lead_reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Consent</dt>
            <dd>
              <span className={`badge ${consentOf(c.consent_status).tone}`}>{consentOf(c.consent_status).label}</span>
              {c.consent_updated_at && <span className="cell-secondary"> since {formatDateTime(c.consent_updated_at)}</span>}
            </dd>
            <dt>Do-not-call list</dt>
            <dd>{c.do_not_call ? <span className="badge badge-danger">Listed: never called</span> : <Link to="/dnc">Not listed</Link>}</dd>
            <dt>Time zone</dt>
            <dd>{c.timezone ?? 'Not set'}</dd>
            <dt>Tags</dt>
            <dd>{c.tags.length ? c.tags.map((t) => <span key={t} className="badge badge-muted">{t}</span>) : '—'}</dd>
            <dt>Calls</dt>
            <dd>
              {c.call_count}, last {formatDateTime(c.last_call_at, 'never')}
            </dd>
            <dt>First seen</dt>
            <dd>{formatDateTime(c.created_at)}</dd>
          </dl>
        )}
      </section>
      <section className="card" aria-labelledby="history-title">
        <div className="card-header">
          <h2 id="history-title">Call history</h2>
          {c.call_count > c.recent_calls.length && <Link to={`/calls?contact=${c.id}`}>All {c.call_count} calls</Link>}
        </div>
        {c.recent_calls.length === 0 ? (
          <EmptyState title="No calls yet">
            <p>Calls with {c.phone} will appear here.</p>
          </EmptyState>
        ) : (
          <CallTable calls={c.recent_calls} caption={`Recent calls with ${c.name ?? c.phone}`} agentName={agentName} />
        )}
      </section>
    </>
  );
}
