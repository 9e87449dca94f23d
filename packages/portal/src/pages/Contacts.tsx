import { useState, type FormEvent } from 'react';
import { api, type ConsentStatus, type ContactFilter, type NewContact } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { leadTone } from '../lib/calls.ts';
import { CONSENT, consentOf, parseTags } from '../lib/contacts.ts';
import { formatDateTime } from '../lib/format.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged } from '../lib/useAsync.ts';
import { ContactForm } from './ContactForm.tsx';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';

type Sort = 'recent' | 'lead_score';

/** The state lives in the URL (sort, tag, consent), so a reload or a shared link shows the same list. */
function useContactsQuery() {
  const { path, query } = useLocation();
  const sort: Sort = query.get('sort') === 'lead_score' ? 'lead_score' : 'recent';
  const tag = query.get('tag') ?? '';
  const consent = (CONSENT.find((c) => c.value === query.get('consent'))?.value ?? '') as ConsentStatus | '';
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(patch)) (v ? next.set(k, v) : next.delete(k));
    navigate(next.size ? `${path}?${next.toString()}` : path, { replace: true });
  };
  return { sort, tag, consent, set };
}

/** Everyone who called or was called, one per number: lead score, tags, consent, and how often they called. */
export function Contacts() {
  const { acting } = useSignedIn();
  const canWrite = hasRole(acting.role, 'member');
  const q = useContactsQuery();
  const filter: ContactFilter = { sort: q.sort, ...(q.tag ? { tag: q.tag } : {}), ...(q.consent ? { consent_status: q.consent } : {}) };
  const contacts = usePaged((cursor) => api.listContacts(filter, cursor), [JSON.stringify(filter)]);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const filtered = !!(q.tag || q.consent);

  return (
    <>
      <PageHeader
        title="Contacts"
        description="Callers become contacts automatically, one per phone number, scored as leads by each call’s analysis."
        actions={
          canWrite && (
            <button type="button" className="button button-primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
              Add contact
            </button>
          )
        }
      />
      {adding && (
        <section className="card" aria-labelledby="new-contact-title">
          <h2 id="new-contact-title">New contact</h2>
          <ContactForm
            contact={null}
            submitLabel="Create contact"
            onCancel={() => setAdding(false)}
            onSubmit={async (body) => {
              // A form without a contact always sends the phone number.
              const c = await api.createContact(body as NewContact);
              setAdding(false);
              setStatus(`${c.name ?? c.phone} was added.`);
              contacts.reload();
            }}
          />
        </section>
      )}
      <LiveStatus message={status} />
      <section className="card">
        <ContactFilters key={`${q.sort}:${q.tag}:${q.consent}`} sort={q.sort} tag={q.tag} consent={q.consent} onApply={q.set} />
      </section>
      <section className="card" aria-labelledby="contacts-title" aria-busy={contacts.state.status === 'loading'}>
        <h2 id="contacts-title">{q.sort === 'lead_score' ? 'Hottest leads first' : 'Most recent first'}</h2>
        <PagedList
          list={contacts}
          loadingLabel="Loading contacts…"
          errorTitle="Could not load contacts"
          moreErrorTitle="Could not load more contacts"
          empty={
            <EmptyState title={filtered ? 'No contacts match these filters' : 'No contacts yet'}>
              <p>{filtered ? 'Try another tag or consent status.' : 'Everyone who calls your agents, or whom they call, appears here.'}</p>
            </EmptyState>
          }
        >
          {(items) => (
            <DataTable caption={<>Contacts, {q.sort === 'lead_score' ? 'highest lead score first' : 'most recent call first'}</>} columns={['Contact', 'Lead score', 'Tags', 'Consent', 'Calls', 'Last call']}>
              {items.map((c) => (
                <tr key={c.id} data-contact={c.id}>
                  <td data-label="Contact">
                    <Link to={`/contacts/${c.id}`} className="cell-primary">
                      {c.name ?? c.phone}
                    </Link>
                    {c.name && <div className="cell-secondary mono">{c.phone}</div>}
                  </td>
                  <td data-label="Lead score">
                    {c.lead_score != null ? (
                      <span className={`badge ${leadTone(c.lead_score)}`} data-testid="contact-score">
                        {c.lead_score}
                      </span>
                    ) : (
                      <span className="cell-secondary">Not scored</span>
                    )}
                    {c.lead_reasons[0] && <div className="cell-secondary">{c.lead_reasons[0]}</div>}
                  </td>
                  <td data-label="Tags">{c.tags.length ? c.tags.map((t) => <span key={t} className="badge badge-muted">{t}</span>) : '—'}</td>
                  <td data-label="Consent">
                    <span className={`badge ${consentOf(c.consent_status).tone}`}>{consentOf(c.consent_status).label}</span>
                    {c.do_not_call && <span className="badge badge-danger">Do not call</span>}
                  </td>
                  <td data-label="Calls">{c.call_count}</td>
                  <td data-label="Last call">{formatDateTime(c.last_call_at, 'Never')}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
      </section>
    </>
  );
}

function ContactFilters({ sort, tag, consent, onApply }: { sort: Sort; tag: string; consent: string; onApply(patch: Record<string, string>): void }) {
  const [tagText, setTagText] = useState(tag);
  const [tagError, setTagError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseTags(tagText);
    const error = parsed.error ?? (parsed.tags.length > 1 ? 'Filter by one tag at a time.' : null);
    setTagError(error);
    if (!error) onApply({ tag: parsed.tags[0] ?? '' });
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Sort and filter contacts">
      <Field label="Sort by">
        <select className="select" value={sort} onChange={(e) => onApply({ sort: e.target.value === 'lead_score' ? 'lead_score' : '' })}>
          <option value="recent">Most recent call</option>
          <option value="lead_score">Lead score</option>
        </select>
      </Field>
      <Field label="Consent">
        <select className="select" value={consent} onChange={(e) => onApply({ consent: e.target.value })}>
          <option value="">Any consent</option>
          {CONSENT.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Tag" error={tagError}>
        <input className="input" placeholder="recall" value={tagText} onChange={(e) => setTagText(e.target.value)} />
      </Field>
      <div className="filters-actions">
        <button type="submit" className="button button-secondary">
          Filter by tag
        </button>
        {(tag || consent) && (
          <button type="button" className="button button-ghost" onClick={() => onApply({ tag: '', consent: '' })}>
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
