import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { AuthCard } from '../components/AuthCard.tsx';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { storeOrg, useSession } from '../lib/session.tsx';
import { MIN_PASSWORD } from './SignUp.tsx';

/**
 * /accept-invite?token=...: someone new chooses a name and password; someone already signed in (as the
 * invited email) just joins. Either way they land in the org they were invited to.
 */
export function AcceptInvite() {
  const { state, refresh } = useSession();
  const { query, href } = useLocation();
  const token = query.get('token') ?? '';
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const signedIn = state.status === 'ready' ? state.me.user : null;

  const accept = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStatus('Joining…');
    try {
      const result = await api.acceptInvite(signedIn ? { token } : { token, name: name.trim(), password });
      storeOrg(result.org.id); // act on the org they just joined
      setStatus(`You joined ${result.org.name}.`);
      await refresh();
      navigate('/', { replace: true });
    } catch (err) {
      setError(err);
      setStatus(null);
    } finally {
      setBusy(false);
    }
  };

  if (token.length < 10) {
    return (
      <AuthCard title="Accept invitation">
        <div className="alert alert-error" role="alert">
          <p className="alert-title">This invitation link is incomplete</p>
          <p>Open the full link from your invitation, or ask the person who invited you to send a new one.</p>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Accept invitation">
      <form className="form" onSubmit={accept}>
        {signedIn ? (
          <p>
            You are signed in as <strong>{signedIn.email}</strong>. The invitation must be for this email address.
          </p>
        ) : (
          <>
            <p>Create your account to join. Already have one?{' '}
              <Link to={`/signin?next=${encodeURIComponent(href)}`}>Sign in first</Link>.
            </p>
            <Field label="Your name">
              <input className="input" name="name" autoComplete="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
            <Field label="Choose a password" hint={`At least ${MIN_PASSWORD} characters.`}>
              <input
                className="input"
                type="password"
                name="password"
                autoComplete="new-password"
                required
                minLength={MIN_PASSWORD}
                maxLength={256}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
          </>
        )}
        {error != null && <ProblemAlert error={error} title="Could not accept the invitation" />}
        <button type="submit" className="button button-primary button-block" disabled={busy || state.status === 'loading'}>
          {busy ? 'Joining…' : 'Accept invitation'}
        </button>
        <LiveStatus message={status} />
      </form>
    </AuthCard>
  );
}
