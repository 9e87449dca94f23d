import { useState, type FormEvent } from 'react';
import { api, type Agent, type Contact, type QuietHours } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { QuietHoursFields } from '../components/QuietHoursFields.tsx';
import { Link, navigate } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { useResource } from '../lib/useAsync.ts';
import { ContactPicker } from './ContactPicker.tsx';

const backLink = (
  <Link to="/campaigns" className="button button-secondary">
    All campaigns
  </Link>
);

/** /campaigns/new: what to load before the form can be shown (outbound agents, contacts, the org's quiet hours). */
export function NewCampaign() {
  const { acting } = useSignedIn();
  const data = useResource(() => Promise.all([api.listAgents(), api.listAllContacts(), api.getCallSettings()]), []);

  if (!hasRole(acting.role, 'member')) {
    return (
      <>
        <PageHeader title="New campaign" actions={backLink} />
        <p className="alert alert-info">Viewers cannot start campaigns.</p>
      </>
    );
  }
  return (
    <>
      <PageHeader title="New campaign" description="It starts calling as soon as you create it, outside quiet hours." actions={backLink} />
      {data.state.status === 'loading' && <Loading label="Loading agents and contacts…" />}
      {data.state.status === 'error' && <ProblemAlert error={data.state.error} title="Could not load what a campaign needs" onRetry={data.reload} />}
      {data.state.status === 'ready' &&
        (() => {
          const [agents, contacts, settings] = data.state.data;
          const outbound = agents.data.filter((a) => a.kind === 'outbound');
          if (outbound.length === 0) {
            return (
              <EmptyState title="No outbound agent yet" action={<Link to="/agents/new">Create an outbound agent</Link>}>
                <p>Campaigns are placed by an agent of kind “outbound”, published, with a phone number to call from.</p>
              </EmptyState>
            );
          }
          if (contacts.length === 0) {
            return (
              <EmptyState title="No contacts yet" action={<Link to="/contacts">Add contacts</Link>}>
                <p>A campaign calls contacts. Add them on the Contacts page, with granted consent.</p>
              </EmptyState>
            );
          }
          return <CampaignForm agents={outbound} contacts={contacts} quietHours={settings.quiet_hours} maxConcurrency={settings.outbound_concurrency} />;
        })()}
    </>
  );
}

interface Props {
  agents: Agent[];
  contacts: Contact[];
  quietHours: QuietHours;
  maxConcurrency: number;
}

function CampaignForm({ agents, contacts, quietHours, maxConcurrency }: Props) {
  const [name, setName] = useState('');
  const [agentId, setAgentId] = useState(agents[0]!.id);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [concurrency, setConcurrency] = useState(String(Math.min(2, maxConcurrency)));
  const [attempts, setAttempts] = useState('3');
  const [backoffMinutes, setBackoffMinutes] = useState('60');
  const [quiet, setQuiet] = useState<QuietHours>(quietHours);
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const wholeIn = (v: string, min: number, max: number) => Number.isInteger(Number(v)) && Number(v) >= min && Number(v) <= max;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = {
      name: name.trim() ? null : 'Give the campaign a name.',
      contacts: selected.size ? null : 'Choose at least one contact.',
      concurrency: wholeIn(concurrency, 1, maxConcurrency) ? null : `A whole number from 1 to ${maxConcurrency} (your organization’s limit).`,
      attempts: wholeIn(attempts, 1, 10) ? null : 'A whole number from 1 to 10.',
      backoff: wholeIn(backoffMinutes, 1, 10_080) ? null : 'A whole number of minutes from 1 to 10080 (a week).',
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    setError(null);
    try {
      const campaign = await api.createCampaign({
        name: name.trim(),
        agent_id: agentId,
        contact_ids: [...selected],
        max_concurrency: Number(concurrency),
        max_attempts: Number(attempts),
        retry_backoff_seconds: Number(backoffMinutes) * 60,
        quiet_hours: quiet,
      });
      navigate(`/campaigns/${campaign.id}?created=1`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label="New campaign">
      <div className="form-grid">
        <Field label="Campaign name" error={errors.name}>
          <input className="input" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Outbound agent" hint="It must be published and have a phone number to call from.">
          <select className="select" value={agentId} onChange={(e) => setAgentId(e.target.value)}>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.live_revision_id ? '' : ' (not published)'}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ContactPicker contacts={contacts} selected={selected} error={errors.contacts} onChange={setSelected} />
      <div className="form-grid">
        <Field label="Calls at once" hint={`At most ${maxConcurrency}, your organization’s limit.`} error={errors.concurrency}>
          <input className="input input-code" type="number" min={1} max={maxConcurrency} value={concurrency} onChange={(e) => setConcurrency(e.target.value)} />
        </Field>
        <Field label="Attempts per contact" hint="No answer and busy are retried until this many calls." error={errors.attempts}>
          <input className="input input-code" type="number" min={1} max={10} value={attempts} onChange={(e) => setAttempts(e.target.value)} />
        </Field>
        <Field label="Wait before retrying (minutes)" hint="The wait grows after each unanswered attempt." error={errors.backoff}>
          <input className="input input-code" type="number" min={1} max={10080} value={backoffMinutes} onChange={(e) => setBackoffMinutes(e.target.value)} />
        </Field>
      </div>
      <QuietHoursFields value={quiet} onChange={setQuiet} />
      {error != null && <ProblemAlert error={error} title="Could not start the campaign" />}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Starting…' : `Start campaign${selected.size ? ` (${selected.size} contact${selected.size === 1 ? '' : 's'})` : ''}`}
        </button>
      </div>
    </form>
  );
}
