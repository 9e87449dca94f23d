import { useId, useState, type FormEvent } from 'react';
import { api, type ApiKey, type ApiKeyWithSecret, type Scope } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { SecretReveal } from '../components/SecretReveal.tsx';
import { dayToIso, formatDateTime, localDay } from '../lib/format.ts';
import { useMutation } from '../lib/useMutation.ts';

const SCOPES: { value: Scope; label: string; hint: string }[] = [
  { value: 'read', label: 'Read', hint: 'View org data' },
  { value: 'write', label: 'Write', hint: 'Create and change data' },
  { value: 'admin', label: 'Admin', hint: 'Keys, members, settings and the audit log' },
  { value: 'phi', label: 'Unredacted transcripts', hint: 'Read original call transcripts (patient data); every read is audited. Add Read to list calls.' },
];

/** The create form, then the new secret, which the API returns exactly once. */
export function CreateApiKey({ onCreated, defaultTtlDays }: { onCreated(key: ApiKey): void; defaultTtlDays: number | null }) {
  const id = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [mode, setMode] = useState<'live' | 'test'>('live');
  const [expiry, setExpiry] = useState('');
  const [created, setCreated] = useState<ApiKeyWithSecret | null>(null);
  const { busy, error, run } = useMutation();
  const [scopeError, setScopeError] = useState(false);
  const tomorrow = localDay(new Date(Date.now() + 86_400_000).toISOString());

  const toggleScope = (scope: Scope, on: boolean) => {
    setScopeError(false);
    setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (scopes.length === 0) {
      setScopeError(true);
      return;
    }
    await run(async () => {
      // A key "expiring on" a day works through the end of that day, in the user's timezone.
      const key = await api.createApiKey({ name: name.trim(), scopes, mode, ...(expiry ? { expires_at: dayToIso(expiry, true) } : {}) });
      setCreated(key);
      const { secret: _secret, ...listed } = key;
      onCreated(listed);
      setName('');
      setExpiry('');
    });
  };

  if (created) {
    return (
      <SecretReveal
        title={`Your new key "${created.name}"`}
        label="Secret key"
        value={created.secret}
        warning="Copy this key now and store it in your secrets manager. For your security it will not be shown again; if you lose it, revoke it and create a new one."
        onDone={() => setCreated(null)}
      >
        <p className="field-hint">
          {created.mode === 'live' ? 'Live' : 'Test'} key with {created.scopes.join(', ')} access
          {created.expires_at ? `, expires ${formatDateTime(created.expires_at)}` : ', no expiry'}.
        </p>
      </SecretReveal>
    );
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Create an API key</h2>
      <form className="form" onSubmit={submit}>
        <Field label="Name">
          <input className="input" required maxLength={120} placeholder="e.g. Practice management sync" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <fieldset className="fieldset" aria-describedby={scopeError ? `${id}-scope-error` : undefined}>
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <div className="check" key={s.value}>
              <input
                id={`${id}-${s.value}`}
                type="checkbox"
                aria-describedby={`${id}-${s.value}-hint`}
                checked={scopes.includes(s.value)}
                onChange={(e) => toggleScope(s.value, e.target.checked)}
              />
              <label htmlFor={`${id}-${s.value}`}>{s.label}</label>
              <span className="field-hint" id={`${id}-${s.value}-hint`}>
                {s.hint}
              </span>
            </div>
          ))}
          {scopeError && (
            <p className="field-error" id={`${id}-scope-error`} role="alert">
              Choose at least one scope.
            </p>
          )}
        </fieldset>
        <fieldset className="fieldset">
          <legend>Mode</legend>
          <div className="check">
            <input id={`${id}-live`} type="radio" name="mode" aria-describedby={`${id}-live-hint`} checked={mode === 'live'} onChange={() => setMode('live')} />
            <label htmlFor={`${id}-live`}>Live</label>
            <span className="field-hint" id={`${id}-live-hint`}>
              Real calls and patient data
            </span>
          </div>
          <div className="check">
            <input id={`${id}-test`} type="radio" name="mode" aria-describedby={`${id}-test-hint`} checked={mode === 'test'} onChange={() => setMode('test')} />
            <label htmlFor={`${id}-test`}>Test</label>
            <span className="field-hint" id={`${id}-test-hint`}>
              For development and staging
            </span>
          </div>
        </fieldset>
        <Field
          label="Expires on (optional)"
          hint={defaultTtlDays ? `Leave empty and it expires after ${defaultTtlDays} days (this organization's default).` : 'Leave empty for a key that works until revoked.'}
        >
          <input className="input input-date" type="date" min={tomorrow} value={expiry} onChange={(e) => setExpiry(e.target.value)} />
        </Field>
        {error != null && <ProblemAlert error={error} title="Could not create the key" />}
        <div className="row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>
    </section>
  );
}
