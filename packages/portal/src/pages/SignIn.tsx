import { useState, type FormEvent } from 'react';
import { api, isProblem } from '../api.ts';
import { AuthCard } from '../components/AuthCard.tsx';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Link, useLocation } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';

type Step = 'password' | 'second-factor';

/**
 * Email and password; when the account has MFA the API answers 401 `mfa_required` and we ask for the
 * authenticator code (or a recovery code) and send all three together.
 */
export function SignIn({ notice }: { notice?: string }) {
  const { refresh } = useSession();
  const { query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<Step>('password');
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(notice ?? null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStatus('Signing in…');
    try {
      const second = step === 'second-factor' ? (useRecovery ? { recovery_code: code.trim() } : { mfa_code: code.trim() }) : {};
      await api.login({ email, password, ...second });
      setStatus('Signed in. Loading your dashboard…');
      await refresh(); // the app then leaves /signin for ?next= or the overview
    } catch (err) {
      if (isProblem(err, 'mfa_required')) {
        setStep('second-factor');
        setStatus('Enter the 6-digit code from your authenticator app.');
      } else {
        setError(err);
        setStatus(null);
      }
    } finally {
      setBusy(false);
    }
  };

  const inviteHint = query.get('next')?.startsWith('/accept-invite');

  return (
    <AuthCard
      title="Sign in"
      footer={
        <>
          New to Voxanne? <Link to="/signup">Create an account</Link>
        </>
      }
    >
      {inviteHint && <p className="alert alert-info">Sign in to accept your invitation.</p>}
      <form onSubmit={submit} className="form" aria-describedby="signin-status">
        <Field label="Email">
          <input
            className="input"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            readOnly={step === 'second-factor'}
          />
        </Field>
        <Field label="Password">
          <input
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            readOnly={step === 'second-factor'}
          />
        </Field>
        {step === 'second-factor' && (
          <fieldset className="fieldset">
            <legend>Two-step verification</legend>
            {/* Each code field mounts when this step (or the recovery switch) appears, so autoFocus moves the keyboard there. */}
            {useRecovery ? (
              <Field key="recovery" label="Recovery code" hint="Each recovery code works once.">
                <input
                  autoFocus
                  className="input mono"
                  name="recovery_code"
                  autoComplete="off"
                  required
                  minLength={8}
                  maxLength={32}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                />
              </Field>
            ) : (
              <Field key="totp" label="Authentication code" hint="The 6-digit code from your authenticator app.">
                <input
                  autoFocus
                  className="input mono"
                  name="mfa_code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  required
                  value={code}
                  onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                />
              </Field>
            )}
            <button
              type="button"
              className="button button-link"
              onClick={() => {
                setUseRecovery((r) => !r);
                setCode('');
              }}
            >
              {useRecovery ? 'Use an authenticator code instead' : 'Use a recovery code instead'}
            </button>
          </fieldset>
        )}
        {error != null && <ProblemAlert error={error} title="Could not sign in" />}
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Signing in…' : step === 'second-factor' ? 'Verify and sign in' : 'Sign in'}
        </button>
        {step === 'second-factor' && (
          <button
            type="button"
            className="button button-link"
            onClick={() => {
              setStep('password');
              setCode('');
              setError(null);
              setStatus(null);
            }}
          >
            Start over
          </button>
        )}
        <div id="signin-status">
          <LiveStatus message={status} />
        </div>
      </form>
    </AuthCard>
  );
}
