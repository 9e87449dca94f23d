import QRCode from 'qrcode';
import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RecoveryCodes } from '../components/RecoveryCodes.tsx';
import { Link, navigate } from '../lib/router.tsx';
import { useSignedIn } from '../lib/session.tsx';
import { Field } from '../components/Field.tsx';

type Enrollment = { secret: string; otpauth_uri: string; qr: string };

/**
 * TOTP enrollment: start (the server makes a pending secret), scan the QR code or type the key, confirm
 * with a code, then keep the recovery codes. Setup starts on a click rather than on page load, so a
 * reload or a double render never silently replaces a secret the user already scanned.
 */
export function MfaSetup() {
  const { me, refresh } = useSignedIn();
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  const start = async () => {
    setBusy(true);
    setError(null);
    setStatus('Creating your setup key…');
    try {
      const e = await api.enrollMfa();
      const qr = await QRCode.toDataURL(e.otpauth_uri, { margin: 1, width: 200, errorCorrectionLevel: 'M' });
      setEnrollment({ ...e, qr });
      setStatus('Scan the QR code, then enter the code your app shows.');
    } catch (err) {
      setError(err);
      setStatus(null);
    } finally {
      setBusy(false);
    }
  };

  const verify = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStatus('Checking the code…');
    try {
      const result = await api.verifyMfa(code);
      setCodes(result.recovery_codes);
      setStatus('Multi-factor authentication is on.');
    } catch (err) {
      setError(err);
      setStatus(null);
    } finally {
      setBusy(false);
    }
  };

  const finish = async () => {
    await refresh();
    navigate('/security');
  };

  return (
    <>
      <PageHeader title="Set up multi-factor authentication" description="Protect your account with an authenticator app such as 1Password, Google Authenticator or Microsoft Authenticator." />
      {me.mfa_enrollment_required && !codes && (
        <div className="alert alert-info" role="note">
          <p className="alert-title">Your organization requires multi-factor authentication</p>
          <p>Finish this setup to use the dashboard. It takes about a minute.</p>
        </div>
      )}
      {codes ? (
        <RecoveryCodes codes={codes} email={me.user.email} onDone={finish} />
      ) : me.user.mfa_enabled ? (
        <section className="card">
          <p>Multi-factor authentication is already on for your account.</p>
          <Link to="/security">Back to security settings</Link>
        </section>
      ) : !enrollment ? (
        <section className="card">
          <h2>1. Start setup</h2>
          <p>We will show a QR code for your authenticator app.</p>
          <button type="button" className="button button-primary" onClick={start} disabled={busy}>
            {busy ? 'Starting…' : 'Start setup'}
          </button>
        </section>
      ) : (
        <section className="card">
          <h2>2. Scan the QR code</h2>
          <div className="mfa-grid">
            <img className="qr" src={enrollment.qr} width={200} height={200} alt="QR code to add Voxanne to your authenticator app" />
            <div>
              <p>Can't scan it? Enter this setup key in your app instead.</p>
              <Field label="Setup key">
                <input className="input mono" readOnly value={enrollment.secret} onFocus={(e) => e.currentTarget.select()} />
              </Field>
            </div>
          </div>
          <h2>3. Enter the code from your app</h2>
          <form className="form form-inline" onSubmit={verify}>
            <Field label="6-digit code">
              <input
                className="input mono input-code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              />
            </Field>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Verifying…' : 'Verify and turn on'}
            </button>
          </form>
        </section>
      )}
      {error != null && <ProblemAlert error={error} title="Could not set up MFA" />}
      <LiveStatus message={status} />
    </>
  );
}
