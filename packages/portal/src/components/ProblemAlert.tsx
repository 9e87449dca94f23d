import { ApiProblem } from '../api.ts';
import { Link } from '../lib/router.tsx';
import { providerLabel } from '../lib/providers.ts';

interface Props {
  error: unknown;
  /** What was being attempted, e.g. "Could not load API keys". */
  title?: string;
  onRetry?: () => void;
}

/** The error state: what failed, the server's explanation and its stable code, never a blank screen. */
export function ProblemAlert({ error, title, onRetry }: Props) {
  const problem = error instanceof ApiProblem ? error : null;
  const message = problem ? (problem.detail ?? problem.title) : error instanceof Error ? error.message : String(error);
  const code = problem?.code ?? 'client_error';
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{title ?? problem?.title ?? 'Something went wrong'}</p>
      <p>{message}</p>
      {problem && problem.errors.length > 0 && (
        <ul className="alert-list">
          {problem.errors.map((e) => (
            <li key={e.path + e.message}>
              <code>{e.path}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
      <p className="alert-meta">
        Code: <code data-testid="problem-code">{code}</code>
        {problem?.requestId && (
          <>
            {' '}
            · Request <code>{problem.requestId}</code>
          </>
        )}
      </p>
      {code === 'mfa_enrollment_required' && (
        <p>
          <Link to="/security/mfa">Set up multi-factor authentication</Link>
        </p>
      )}
      {(code === 'integration_missing' || code === 'voice_not_configured') && (
        <p>
          {/* The fix is always the same page: store the vendor's credentials, then try again. */}
          <Link to="/integrations">{problem?.provider ? `Connect ${providerLabel(problem.provider)} in Integrations` : 'Open Integrations'}</Link>
        </p>
      )}
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
