import { useState, type FormEvent } from 'react';
import { api, type Integration, type IntegrationCredentials } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import type { ProviderSpec } from '../lib/integration-specs.ts';
import { useMutation } from '../lib/useMutation.ts';

interface Props {
  spec: ProviderSpec;
  replacing: boolean;
  onSaved(integration: Integration): void;
  onCancel?: () => void;
}

/** Enters (or replaces, as a whole) a provider's credentials. What is typed here is never shown again. */
export function CredentialsForm({ spec, replacing, onSaved, onCancel }: Props) {
  const [values, setValues] = useState<Record<string, string>>({});
  const { busy, error, run } = useMutation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = Object.fromEntries(spec.fields.map((f) => [f.key, values[f.key]?.trim() ?? '']).filter(([, v]) => v)) as IntegrationCredentials;
    await run(async () => {
      onSaved(await api.putIntegration(spec.provider, body));
    });
  };

  return (
    <form className="form" onSubmit={submit}>
      {spec.fields.map((f) => (
        <Field key={f.key} label={f.label} hint={f.hint}>
          <input
            className="input mono"
            type={f.secret ? 'password' : 'text'}
            // new-password keeps browsers from filling in the dashboard password here.
            autoComplete={f.secret ? 'new-password' : 'off'}
            spellCheck={false}
            required={f.required}
            minLength={f.minLength}
            pattern={f.pattern}
            value={values[f.key] ?? ''}
            onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
          />
        </Field>
      ))}
      {error != null && <ProblemAlert error={error} title={`Could not save the ${spec.title} credentials`} />}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : replacing ? 'Save new credentials' : `Connect ${spec.title}`}
        </button>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
