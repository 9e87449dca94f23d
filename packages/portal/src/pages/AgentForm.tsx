import { useId, useMemo, useState, type FocusEvent, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import type { Agent, AgentConfig } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { leavingForSubmit } from '../lib/forms.ts';
import { configFrom, draftFrom, validate, type AgentDraft, type DraftErrors } from '../lib/agent-draft.ts';
import { timezoneOptions } from '../lib/timezones.ts';
import { AfterHours } from './AfterHours.tsx';
import { AgentTools } from './AgentTools.tsx';
import { BusinessHours } from './BusinessHours.tsx';
import { VoicePicker } from './VoicePicker.tsx';
import { useMutation } from '../lib/useMutation.ts';

const LANGUAGES = ['en', 'en-US', 'en-GB', 'es', 'es-US', 'fr', 'de', 'pt-BR', 'it', 'nl'];

interface Props {
  /** The saved agent, or null for a new one. The parent remounts the form when the revision changes. */
  agent: Agent | null;
  /** Viewers see the configuration but cannot change it. */
  readOnly: boolean;
  submitLabel: string;
  onSubmit(config: AgentConfig): Promise<void>;
}

/** Every field of an agent. Checks what it can inline, then leaves the rest to the API's problem details. */
export function AgentForm({ agent, readOnly, submitLabel, onSubmit }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<AgentDraft>(() => draftFrom(agent));
  const [touched, setTouched] = useState<Set<keyof DraftErrors>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const { busy, error, run } = useMutation();
  const zones = useMemo(() => timezoneOptions(draft.timezone), [draft.timezone]);

  const errors = validate(draft);
  // Errors show once the person has left the field or tried to save, not while they are still typing.
  const shown = (key: keyof DraftErrors) => (submitted || touched.has(key) ? errors[key] : undefined);
  const touch = (key: keyof DraftErrors) => (e: FocusEvent<HTMLElement>) => {
    if (!leavingForSubmit(e)) setTouched((t) => new Set(t).add(key));
  };
  const set = (patch: Partial<AgentDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Rendered now, so the fields are marked invalid before we look for the first one.
    flushSync(() => setSubmitted(true));
    if (Object.keys(errors).length > 0) {
      // Take the person to the first problem rather than leaving them to hunt for it.
      document.querySelector<HTMLElement>(`#${CSS.escape(`${id}-form`)} [aria-invalid="true"]`)?.focus();
      return;
    }
    await run(async () => {
      await onSubmit(configFrom(draft));
    });
  };

  return (
    <form id={`${id}-form`} className="form agent-form" onSubmit={submit}>
      <fieldset className="plain-fieldset" disabled={readOnly}>
        <section className="card" aria-labelledby={`${id}-basics`}>
          <h2 id={`${id}-basics`}>Basics</h2>
          <div className="form">
            <Field label="Name">
              <input className="input" required maxLength={120} value={draft.name} onChange={(e) => set({ name: e.target.value })} />
            </Field>
            <fieldset className="fieldset" disabled={agent !== null}>
              <legend>Kind</legend>
              {(['inbound', 'outbound'] as const).map((kind) => (
                <div className="check" key={kind}>
                  <input id={`${id}-${kind}`} type="radio" name={`${id}-kind`} checked={draft.kind === kind} onChange={() => set({ kind })} />
                  <label htmlFor={`${id}-${kind}`}>{kind === 'inbound' ? 'Inbound: answers calls' : 'Outbound: places calls'}</label>
                </div>
              ))}
              {agent && <p className="field-hint">The kind is fixed once the agent exists.</p>}
            </fieldset>
            <div className="form-grid">
              <Field label="Language" hint="The callers’ language, e.g. en or es-US." error={shown('language')}>
                <input className="input" list={`${id}-languages`} required value={draft.language} onChange={(e) => set({ language: e.target.value })} onBlur={touch('language')} />
              </Field>
              <Field label="Max call duration (seconds)" hint="From 30 to 7200." error={shown('max_duration_seconds')}>
                <input
                  className="input"
                  type="number"
                  min={30}
                  max={7200}
                  step={1}
                  required
                  value={draft.max_duration_seconds}
                  onChange={(e) => set({ max_duration_seconds: e.target.value })}
                  onBlur={touch('max_duration_seconds')}
                />
              </Field>
            </div>
            <datalist id={`${id}-languages`}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l} />
              ))}
            </datalist>
          </div>
        </section>

        <section className="card" aria-labelledby={`${id}-words`}>
          <h2 id={`${id}-words`}>What it says</h2>
          <div className="form">
            <Field label="System prompt" hint="Instructions the agent follows on every call.">
              <textarea className="input" rows={8} required maxLength={20000} value={draft.system_prompt} onChange={(e) => set({ system_prompt: e.target.value })} />
            </Field>
            <Field label="First message (optional)" hint="The greeting callers hear first.">
              <textarea className="input" rows={2} maxLength={1000} value={draft.first_message} onChange={(e) => set({ first_message: e.target.value })} />
            </Field>
            <Field label="Voicemail message (optional)" hint="Left when an outbound call reaches voicemail.">
              <textarea className="input" rows={2} maxLength={1000} value={draft.voicemail_message} onChange={(e) => set({ voicemail_message: e.target.value })} />
            </Field>
          </div>
        </section>

        <section className="card" aria-labelledby={`${id}-voice`}>
          <h2 id={`${id}-voice`}>Voice and model</h2>
          <div className="form">
            <VoicePicker voice={draft.voice} onChange={(voice) => set({ voice })} agentId={agent?.id ?? null} savedVoice={agent?.voice ?? null} model={draft.model} error={shown('voice')} />
            <div className="form-grid">
              <Field label="Model provider" hint="Lower-case id, e.g. openai.">
                <input className="input" required pattern="[a-z0-9-]+" maxLength={40} value={draft.model_provider} onChange={(e) => set({ model_provider: e.target.value })} />
              </Field>
              <Field label="Model" hint="e.g. gpt-4o.">
                <input className="input" required maxLength={80} value={draft.model} onChange={(e) => set({ model: e.target.value })} />
              </Field>
            </div>
          </div>
        </section>

        <section className="card" aria-labelledby={`${id}-tools`}>
          <h2 id={`${id}-tools`}>Tools</h2>
          <AgentTools
            tools={draft.tools}
            destination={draft.transfer_destination}
            destinationError={shown('transfer_destination')}
            onToggle={(type, on) => set({ tools: { ...draft.tools, [type]: on } })}
            onDestination={(transfer_destination) => set({ transfer_destination })}
            onBlurDestination={touch('transfer_destination')}
          />
        </section>

        <section className="card" aria-labelledby={`${id}-hours`}>
          <h2 id={`${id}-hours`}>Hours</h2>
          <div className="form">
            <Field label="Timezone" hint="Business hours are read in this timezone.">
              <select className="select" value={draft.timezone} onChange={(e) => set({ timezone: e.target.value })}>
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replaceAll('_', ' ')}
                  </option>
                ))}
              </select>
            </Field>
            <BusinessHours rows={draft.hours} error={submitted || draft.hours.length > 0 ? errors.hours : undefined} onChange={(hours) => set({ hours })} />
            <AfterHours
              behavior={draft.after_hours}
              message={draft.after_hours_message}
              transferTo={draft.after_hours_transfer_to}
              transferError={shown('after_hours_transfer_to')}
              onChange={set}
              onBlurTransfer={touch('after_hours_transfer_to')}
            />
          </div>
        </section>
      </fieldset>
      {error != null && <ProblemAlert error={error} title="Could not save the agent" />}
      {!readOnly && (
        <div className="row form-footer">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </div>
      )}
    </form>
  );
}
