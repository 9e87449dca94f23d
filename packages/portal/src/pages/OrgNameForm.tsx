import { useEffect, useState, type FormEvent } from 'react';
import { api, type Org } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useMutation } from '../lib/useMutation.ts';

/** Renames the acting org. */
export function OrgNameForm({ org, disabled, onSaved }: { org: Org; disabled: boolean; onSaved(org: Org): void }) {
  const [name, setName] = useState(org.name);
  const { busy, error, run } = useMutation();
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => setName(org.name), [org.name]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    await run(async () => {
      onSaved(await api.updateOrg({ name: name.trim() }));
      setStatus('Name saved.');
    });
  };

  return (
    <section className="card" aria-labelledby="org-name-title">
      <h2 id="org-name-title">Name</h2>
      <form className="form form-inline" onSubmit={save}>
        <Field label="Organization name" grow>
          <input className="input" required maxLength={120} value={name} disabled={disabled} onChange={(e) => setName(e.target.value)} />
        </Field>
        <button type="submit" className="button button-primary" disabled={disabled || busy || name.trim() === org.name}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </form>
      {error != null && <ProblemAlert error={error} title="Could not save the name" />}
      <LiveStatus message={status} />
    </section>
  );
}
