import { useId, useState } from 'react';
import type { Contact } from '../api.ts';
import { consentOf } from '../lib/contacts.ts';

/**
 * Choose contacts with checkboxes, narrowed by a search box. Contacts a campaign would skip (no granted
 * consent, on the do-not-call list) are still choosable, but say so next to their name.
 */
export function ContactPicker({ contacts, selected, error, onChange }: { contacts: Contact[]; selected: Set<string>; error?: string | null; onChange(next: Set<string>): void }) {
  const id = useId();
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const shown = needle ? contacts.filter((c) => `${c.name ?? ''} ${c.phone} ${c.tags.join(' ')}`.toLowerCase().includes(needle)) : contacts;
  const toggle = (cid: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(cid);
    else next.delete(cid);
    onChange(next);
  };
  const callable = (c: Contact) => c.consent_status === 'granted' && !c.do_not_call;

  return (
    <fieldset className="fieldset" aria-describedby={`${id}-count${error ? ` ${id}-error` : ''}`} aria-invalid={error ? true : undefined}>
      <legend>Contacts to call</legend>
      <div className="row">
        <label className="sr-only" htmlFor={`${id}-search`}>
          Search contacts
        </label>
        <input id={`${id}-search`} className="input" type="search" placeholder="Search by name, number or tag" value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="button" className="button button-secondary button-small" onClick={() => onChange(new Set([...selected, ...shown.filter(callable).map((c) => c.id)]))}>
          Select all callable{needle ? ' shown' : ''}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={() => onChange(new Set())} disabled={selected.size === 0}>
          Clear selection
        </button>
      </div>
      <p className="field-hint" id={`${id}-count`} aria-live="polite">
        {selected.size} of {contacts.length} selected. Campaigns only call contacts whose consent is granted and who are not on the do-not-call list.
      </p>
      {shown.length === 0 ? (
        <p className="empty-inline">No contacts match “{search}”.</p>
      ) : (
        <ul className="picker" aria-label="Contacts">
          {shown.map((c) => (
            <li key={c.id} className="check">
              <input id={`${id}-${c.id}`} type="checkbox" checked={selected.has(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
              <label htmlFor={`${id}-${c.id}`}>
                {c.name ?? c.phone}
                {c.name && <span className="cell-secondary mono"> {c.phone}</span>}
                {c.consent_status !== 'granted' && <span className={`badge ${consentOf(c.consent_status).tone}`}>Consent {consentOf(c.consent_status).label.toLowerCase()}</span>}
                {c.do_not_call && <span className="badge badge-danger">Do not call</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
