import { useState, type FormEvent } from 'react';
import type { Agent, CallDirection, CallFilter, CallOutcome, CallSentiment } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { DIRECTIONS, OUTCOMES, SENTIMENTS } from '../lib/calls.ts';
import { dayToIso } from '../lib/format.ts';

export interface CallFilterForm {
  from: string;
  to: string;
  agent: string;
  direction: string;
  outcome: string;
  sentiment: string;
}

export const EMPTY_CALL_FILTER: CallFilterForm = { from: '', to: '', agent: '', direction: '', outcome: '', sentiment: '' };
const KEYS = Object.keys(EMPTY_CALL_FILTER) as (keyof CallFilterForm)[];

/** The form as URL parameters and back, so a reload or a shared link shows the same calls. */
export function filterFromQuery(query: URLSearchParams): CallFilterForm {
  return Object.fromEntries(KEYS.map((k) => [k, query.get(k) ?? ''])) as unknown as CallFilterForm;
}

export function filterToQuery(f: CallFilterForm, into: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(into);
  for (const k of KEYS) (f[k] ? next.set(k, f[k]) : next.delete(k));
  return next;
}

/** The API's query: dates are whole local days, empty fields are left out. */
export function toCallQuery(f: CallFilterForm, scope: { contactId?: string | null; campaignId?: string | null } = {}): CallFilter {
  return {
    ...(f.from ? { created_after: dayToIso(f.from) } : {}),
    ...(f.to ? { created_before: dayToIso(f.to, true) } : {}),
    ...(f.agent ? { agent_id: f.agent } : {}),
    ...(f.direction ? { direction: f.direction as CallDirection } : {}),
    ...(f.outcome ? { outcome: f.outcome as CallOutcome } : {}),
    ...(f.sentiment ? { sentiment: f.sentiment as CallSentiment } : {}),
    ...(scope.contactId ? { contact_id: scope.contactId } : {}),
    ...(scope.campaignId ? { campaign_id: scope.campaignId } : {}),
  };
}

export function CallFilters({ initial, agents, onApply }: { initial: CallFilterForm; agents: Agent[]; onApply(f: CallFilterForm): void }) {
  const [form, setForm] = useState(initial);
  const set = (key: keyof CallFilterForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(form);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter calls">
      <Field label="From">
        <input className="input input-date" type="date" value={form.from} max={form.to || undefined} onChange={set('from')} />
      </Field>
      <Field label="To">
        <input className="input input-date" type="date" value={form.to} min={form.from || undefined} onChange={set('to')} />
      </Field>
      <Field label="Agent">
        <select className="select" value={form.agent} onChange={set('agent')}>
          <option value="">All agents</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Direction">
        <select className="select" value={form.direction} onChange={set('direction')}>
          <option value="">Any direction</option>
          {DIRECTIONS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Outcome">
        <select className="select" value={form.outcome} onChange={set('outcome')}>
          <option value="">Any outcome</option>
          {OUTCOMES.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Sentiment">
        <select className="select" value={form.sentiment} onChange={set('sentiment')}>
          <option value="">Any sentiment</option>
          {SENTIMENTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </Field>
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setForm(EMPTY_CALL_FILTER);
            onApply(EMPTY_CALL_FILTER);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
