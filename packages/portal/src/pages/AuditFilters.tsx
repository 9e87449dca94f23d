import { useState, type FormEvent } from 'react';
import type { AuditFilter } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { dayToIso } from '../lib/format.ts';

export interface FilterForm {
  action: string;
  actor: string;
  from: string;
  to: string;
}

export const EMPTY_FILTER: FilterForm = { action: '', actor: '', from: '', to: '' };

/** The form's values as the API's query: dates are whole local days, empty fields are left out. */
export function toQuery(f: FilterForm): AuditFilter {
  return {
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(f.actor.trim() ? { actor_id: f.actor.trim() } : {}),
    ...(f.from ? { created_after: dayToIso(f.from) } : {}),
    ...(f.to ? { created_before: dayToIso(f.to, true) } : {}),
  };
}

export function AuditFilters({ initial, onApply }: { initial: FilterForm; onApply(f: FilterForm): void }) {
  const [form, setForm] = useState(initial);
  const set = (key: keyof FilterForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(form);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter audit events">
      <Field
        label="Action"
        hint={
          <>
            Exact (<code>api_key.revoked</code>) or a prefix ending in a dot (<code>api_key.</code>)
          </>
        }
      >
        <input className="input mono" placeholder="api_key." value={form.action} onChange={set('action')} />
      </Field>
      <Field label="Actor ID">
        <input className="input mono" placeholder="usr_… or key_…" value={form.actor} onChange={set('actor')} />
      </Field>
      <Field label="From">
        <input className="input input-date" type="date" value={form.from} max={form.to || undefined} onChange={set('from')} />
      </Field>
      <Field label="To">
        <input className="input input-date" type="date" value={form.to} min={form.from || undefined} onChange={set('to')} />
      </Field>
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setForm(EMPTY_FILTER);
            onApply(EMPTY_FILTER);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
