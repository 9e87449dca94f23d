import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { AuthCard } from '../components/AuthCard.tsx';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Link } from '../lib/router.tsx';

export const MIN_PASSWORD = 12;

/**
 * Starts a sign-up: the API mails a verification link whose page (/signup/verify) creates the clinic's org
 * and its owner. The answer is the same for an email that already has an account, so this page says only
 * "check your email".
 */
export function SignUp() {
  const [sent, setSent] = useState<{ email: string; devMailbox: boolean } | null>(null);
  const [form, setForm] = useState({ email: '', password: '', name: '', org_name: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStatus('Sending the verification email…');
    try {
      const pending = await api.signup({ ...form, email: form.email.trim(), name: form.name.trim(), org_name: form.org_name.trim() });
      setStatus(null);
      setSent({ email: pending.email, devMailbox: pending.dev_mailbox });
    } catch (err) {
      setError(err);
      setStatus(null);
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <AuthCard title="Check your email" footer={<Link to="/signin">Back to sign in</Link>}>
        <p role="status">
          We sent a link to <strong>{sent.email}</strong>. Open it within 24 hours to finish creating your account.
        </p>
        <p>No email? Check spam, or <button type="button" className="button-link" onClick={() => setSent(null)}>sign up again</button> to get a new link.</p>
        {sent.devMailbox && (
          <p className="field-hint">
            This server keeps email locally: read it in the <Link to="/dev/mail">development mailbox</Link>.
          </p>
        )}
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Create your account"
      footer={
        <>
          Already have an account? <Link to="/signin">Sign in</Link>
        </>
      }
    >
      <form onSubmit={submit} className="form">
        <Field label="Your name">
          <input className="input" name="name" autoComplete="name" required maxLength={120} value={form.name} onChange={set('name')} />
        </Field>
        <Field label="Clinic or organization name">
          <input className="input" name="org_name" autoComplete="organization" required maxLength={120} value={form.org_name} onChange={set('org_name')} />
        </Field>
        <Field label="Work email">
          <input className="input" type="email" name="email" autoComplete="email" required value={form.email} onChange={set('email')} />
        </Field>
        <Field label="Password" hint={`At least ${MIN_PASSWORD} characters. A passphrase of a few words is easiest to remember.`}>
          <input
            className="input"
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            maxLength={256}
            value={form.password}
            onChange={set('password')}
          />
        </Field>
        {error != null && <ProblemAlert error={error} title="Could not create the account" />}
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
        <LiveStatus message={status} />
      </form>
    </AuthCard>
  );
}
