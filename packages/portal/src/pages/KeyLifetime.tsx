import { useEffect, useState, type FormEvent } from 'react';
import { api, type Org } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useMutation } from '../lib/useMutation.ts';

/** The org's default lifetime for new keys created without an expiry date (empty: they do not expire). */
export function KeyLifetime({ org, onSaved }: { org: Org; onSaved(org: Org): void }) {
  const current = org.api_key_default_ttl_days == null ? '' : String(org.api_key_default_ttl_days);
  const [days, setDays] = useState(current);
  const { busy, error, run } = useMutation();
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => setDays(current), [current]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    await run(async () => {
      const value = days.trim() === '' ? null : Number(days);
      onSaved(await api.updateOrg({ api_key_default_ttl_days: value }));
      setStatus(value ? `New keys now expire after ${value} days unless you pick a date.` : 'New keys no longer expire unless you pick a date.');
    });
  };

  return (
    <section className="card" aria-labelledby="key-lifetime-title">
      <h2 id="key-lifetime-title">Default key lifetime</h2>
      <form className="form form-inline" onSubmit={save}>
        <Field label="Days until a new key expires" hint="Applies to keys created without an expiry date. Leave empty for no expiry." grow>
          <input className="input" type="number" min={1} max={3650} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <button type="submit" className="button button-primary" disabled={busy || days.trim() === current}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </form>
      {error != null && <ProblemAlert error={error} title="Could not save the key lifetime" />}
      <LiveStatus message={status} />
    </section>
  );
}
