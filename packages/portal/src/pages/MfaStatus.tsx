import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Link } from '../lib/router.tsx';
import { useSignedIn } from '../lib/session.tsx';
import { Field } from '../components/Field.tsx';

/** Whether MFA is on, with the way to turn it on, or off again (which needs a current code). */
export function MfaStatus() {
  const { me, refresh } = useSignedIn();
  const [disabling, setDisabling] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  const disable = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.disableMfa(code);
      setStatus('Multi-factor authentication is off.');
      setDisabling(false);
      setCode('');
      await refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const on = me.user.mfa_enabled;
  return (
    <section className="card" aria-labelledby="mfa-title">
      <div className="card-header">
        <h2 id="mfa-title">Multi-factor authentication</h2>
        <span className={on ? 'badge badge-success' : 'badge badge-warning'}>{on ? 'On' : 'Off'}</span>
      </div>
      {on ? (
        <>
          <p>Signing in needs your password and a code from your authenticator app (or a recovery code).</p>
          {disabling ? (
            <form className="form form-inline" onSubmit={disable}>
              <Field label="Current 6-digit code">
                <input
                  className="input mono input-code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  required
                  value={code}
                  onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                />
              </Field>
              <button type="submit" className="button button-danger" disabled={busy}>
                {busy ? 'Turning off…' : 'Turn off MFA'}
              </button>
              <button type="button" className="button button-secondary" onClick={() => setDisabling(false)}>
                Cancel
              </button>
            </form>
          ) : (
            <button type="button" className="button button-secondary" onClick={() => setDisabling(true)}>
              Turn off…
            </button>
          )}
        </>
      ) : (
        <>
          <p>Add a second step to signing in. Patient data deserves more than a password.</p>
          <Link to="/security/mfa" className="button button-primary">
            Set up MFA
          </Link>
        </>
      )}
      {error != null && <ProblemAlert error={error} title="Could not change MFA" />}
      <LiveStatus message={status} />
    </section>
  );
}
