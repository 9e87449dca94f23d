import { useState, type FormEvent } from 'react';
import { api, type CallSettings, type QuietHours } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { QuietHoursFields } from '../components/QuietHoursFields.tsx';
import { useResource } from '../lib/useAsync.ts';
import { useMutation } from '../lib/useMutation.ts';

/** Organization-wide call settings; everyone sees them, only admins change them. */
export function CallSettingsCard({ canEdit }: { canEdit: boolean }) {
  const { state, reload, setState } = useResource(() => api.getCallSettings(), []);
  return (
    <section className="card" aria-labelledby="call-settings-title">
      <h2 id="call-settings-title">Calls</h2>
      {state.status === 'loading' && <Loading label="Loading call settings…" />}
      {state.status === 'error' && <ProblemAlert error={state.error} title="Could not load call settings" onRetry={reload} />}
      {state.status === 'ready' && <CallSettingsForm settings={state.data} canEdit={canEdit} onSaved={(s) => setState({ status: 'ready', data: s })} />}
    </section>
  );
}

function CallSettingsForm({ settings, canEdit, onSaved }: { settings: CallSettings; canEdit: boolean; onSaved(s: CallSettings): void }) {
  const [keep, setKeep] = useState(settings.keep_original_transcripts);
  const [concurrency, setConcurrency] = useState(String(settings.outbound_concurrency));
  const [quiet, setQuiet] = useState<QuietHours>(settings.quiet_hours);
  const [concurrencyError, setConcurrencyError] = useState<string | null>(null);
  const { busy, error, run } = useMutation();
  const [status, setStatus] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(concurrency);
    const ce = Number.isInteger(n) && n >= 1 && n <= 50 ? null : 'A whole number from 1 to 50.';
    setConcurrencyError(ce);
    if (ce || !quiet.start || !quiet.end) return;
    setStatus(null);
    await run(async () => {
      onSaved(await api.updateCallSettings({ keep_original_transcripts: keep, outbound_concurrency: n, quiet_hours: quiet }));
      setStatus('Call settings saved.');
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Call settings">
      <div className="switch-row">
        <input
          id="keep-originals"
          type="checkbox"
          role="switch"
          className="switch"
          checked={keep}
          disabled={!canEdit || busy}
          aria-describedby="keep-originals-hint"
          onChange={(e) => setKeep(e.target.checked)}
        />
        <label htmlFor="keep-originals">Keep original transcripts</label>
      </div>
      <p className="field-hint" id="keep-originals-hint">
        Transcripts are always stored with health information redacted. When this is on, an encrypted, unredacted copy is kept as well; only admins can read it, and
        every read is written to the audit log.
      </p>
      <Field label="Outbound calls at once" hint="The most calls in progress at the same time, across all campaigns (1–50)." error={concurrencyError}>
        <input className="input input-code" type="number" min={1} max={50} step={1} disabled={!canEdit} value={concurrency} onChange={(e) => setConcurrency(e.target.value)} />
      </Field>
      <QuietHoursFields value={quiet} disabled={!canEdit} onChange={setQuiet} />
      {error != null && <ProblemAlert error={error} title="Could not save the call settings" />}
      {canEdit && (
        <div className="row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save call settings'}
          </button>
        </div>
      )}
      <LiveStatus message={status} />
    </form>
  );
}
