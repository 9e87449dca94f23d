import { useState } from 'react';
import { api, isProblem, type Org } from '../api.ts';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Link } from '../lib/router.tsx';
import { useMutation } from '../lib/useMutation.ts';

/**
 * "Require MFA for every member". The API refuses (409 mfa_enrollment_required) while the admin has no MFA
 * of their own, since they would lock themselves out; that case gets its own explanation and a way forward.
 */
export function MfaPolicy({ org, disabled, onSaved }: { org: Org; disabled: boolean; onSaved(org: Org): void }) {
  const { busy, error, run } = useMutation();
  const [status, setStatus] = useState<string | null>(null);

  const toggle = async (require_mfa: boolean) => {
    setStatus(null);
    await run(async () => {
      onSaved(await api.updateOrg({ require_mfa }));
      setStatus(require_mfa ? 'MFA is now required for every member.' : 'MFA is no longer required.');
    });
  };

  return (
    <section className="card" aria-labelledby="mfa-policy-title">
      <h2 id="mfa-policy-title">Multi-factor authentication</h2>
      <div className="switch-row">
        <input
          id="require-mfa"
          type="checkbox"
          role="switch"
          className="switch"
          checked={org.require_mfa}
          disabled={disabled || busy}
          aria-describedby="require-mfa-hint"
          onChange={(e) => toggle(e.target.checked)}
        />
        <label htmlFor="require-mfa">Require MFA for every member</label>
      </div>
      <p className="field-hint" id="require-mfa-hint">
        Members without an authenticator app are asked to set one up before they can use the dashboard.
      </p>
      {isProblem(error, 'mfa_enrollment_required') ? (
        <div className="alert alert-warning" role="alert">
          <p className="alert-title">Turn on MFA for your own account first</p>
          <p>{error.detail ?? 'Enable MFA on your own account before requiring it of everyone.'}</p>
          <p className="alert-meta">
            Code: <code data-testid="problem-code">{error.code}</code>
          </p>
          <Link to="/security/mfa">Set up MFA</Link>
        </div>
      ) : (
        error != null && <ProblemAlert error={error} title="Could not change the MFA policy" />
      )}
      <LiveStatus message={status} />
    </section>
  );
}
