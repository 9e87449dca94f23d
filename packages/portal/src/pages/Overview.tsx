import { PageHeader } from '../components/PageHeader.tsx';
import { Link } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';

/**
 * The landing page: the setup steps that are real today and where calls and bookings live, rather than
 * placeholder numbers.
 */
export function Overview() {
  const { me, acting } = useSignedIn();
  const admin = hasRole(acting.role, 'admin');
  const steps = [
    { done: me.user.mfa_enabled, to: '/security/mfa', title: 'Turn on multi-factor authentication', body: 'Protect your account and your patients’ data.' },
    ...(admin
      ? [
          { done: false, to: '/members', title: 'Invite your team', body: 'Front desk, practice manager, providers: each with the right role.' },
          { done: acting.org.require_mfa, to: '/settings', title: 'Require MFA for everyone', body: 'One switch in organization settings.' },
          { done: false, to: '/api-keys', title: 'Connect your systems', body: 'Create an API key for your practice management integration.' },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader title={`Welcome, ${me.user.name}`} description={`You are working in ${acting.org.name} as ${acting.role}.`} />
      <section className="card" aria-labelledby="setup-title">
        <h2 id="setup-title">Get set up</h2>
        <ol className="steps">
          {steps.map((s) => (
            <li key={s.to} className={s.done ? 'step done' : 'step'}>
              <span className="step-mark" aria-hidden="true">
                {s.done ? '✓' : ''}
              </span>
              <div>
                {s.done ? <span className="cell-primary">{s.title}</span> : <Link to={s.to}>{s.title}</Link>}
                {s.done && <span className="sr-only"> (done)</span>}
                <p className="cell-secondary">{s.body}</p>
              </div>
            </li>
          ))}
        </ol>
      </section>
      <section className="card">
        <h2>Calls and appointments</h2>
        <p>
          <Link to="/calls">Calls</Link> holds every conversation your agents had, with its outcome and lead score; <Link to="/contacts">Contacts</Link> ranks your
          leads; <Link to="/appointments">Appointments</Link> shows what was booked. Try an agent without a phone from its page with a test call.
        </p>
      </section>
    </>
  );
}
