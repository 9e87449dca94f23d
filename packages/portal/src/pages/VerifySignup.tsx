import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { AuthCard } from '../components/AuthCard.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { storeOrg, useSession } from '../lib/session.tsx';

/**
 * /signup/verify?token=...: the page the verification email links to. It finishes the sign-up (the org,
 * its owner and a session) and lands in the dashboard; a used, unknown or expired link says so.
 */
export function VerifySignup() {
  const { refresh } = useSession();
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const [error, setError] = useState<unknown>(null);
  // The token works once: a second request (React's development double effect) would only report it used.
  const sent = useRef(false);

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    void (async () => {
      try {
        const result = await api.verifySignup(token);
        storeOrg(result.org.id);
        await refresh();
        navigate('/', { replace: true });
      } catch (err) {
        setError(err);
      }
    })();
  }, [token, refresh]);

  if (!token) {
    return (
      <AuthCard title="Verify your email" footer={<Link to="/signup">Sign up</Link>}>
        <div className="alert alert-error" role="alert">
          <p className="alert-title">This verification link is incomplete</p>
          <p>Open the full link from the email, or sign up again to get a new one.</p>
        </div>
      </AuthCard>
    );
  }

  if (error != null) {
    const code = (error as { code?: string }).code;
    const title = code === 'signup_token_expired' ? 'This link has expired' : code === 'signup_token_invalid' ? 'This link is no longer valid' : 'Could not finish signing up';
    return (
      <AuthCard
        title="Verify your email"
        footer={
          <>
            <Link to="/signup">Sign up again</Link> · <Link to="/signin">Sign in</Link>
          </>
        }
      >
        <ProblemAlert error={error} title={title} />
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Verify your email">
      <Loading label="Creating your account…" />
    </AuthCard>
  );
}
