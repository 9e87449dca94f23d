import { useState } from 'react';
import { api, type Integration, type IntegrationTest } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { SecretReveal } from '../components/SecretReveal.tsx';
import { formatDateTime } from '../lib/format.ts';
import type { ProviderSpec } from '../lib/integration-specs.ts';
import { CredentialsForm } from './CredentialsForm.tsx';
import { useConfirm } from '../lib/useConfirm.ts';

function TestResult({ test }: { test: IntegrationTest }) {
  return (
    <p className={test.ok ? 'alert alert-success' : 'alert alert-warning'}>
      <strong>{test.ok ? 'Connection works.' : 'The vendor refused the credentials.'}</strong> {test.detail}{' '}
      <span className="cell-secondary">Tested {formatDateTime(test.tested_at)}</span>
    </p>
  );
}

/** One provider: connected or not (last 4 only), replace, remove, and a real test call to the vendor. */
export function IntegrationCard({ spec, integration, onChange }: { spec: ProviderSpec; integration: Integration | null; onChange(i: Integration | null): void }) {
  const [replacing, setReplacing] = useState(false);
  const [testing, setTesting] = useState(false);
  const [testError, setTestError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  /** Vapi: the secret derived for the org, which the answer to the save carries once. */
  const [shownSecret, setShownSecret] = useState<string | null>(null);
  const titleId = `integration-${spec.provider}`;

  const test = async () => {
    setTesting(true);
    setTestError(null);
    setStatus(null);
    try {
      const result = await api.testIntegration(spec.provider);
      if (integration) onChange({ ...integration, last_test: result });
      setStatus(result.ok ? `${spec.title}: connection works.` : `${spec.title}: the vendor refused the credentials.`);
    } catch (err) {
      setTestError(err);
    } finally {
      setTesting(false);
    }
  };

  const removing = useConfirm(async (provider: ProviderSpec['provider']) => {
    await api.deleteIntegration(provider);
    onChange(null);
    setStatus(`${spec.title} credentials were removed.`);
  });

  const saved = (i: Integration) => {
    const { webhook_secret, ...stored } = i;
    onChange(stored);
    setShownSecret(webhook_secret ?? null);
    setReplacing(false);
    setTestError(null);
    setStatus(`${spec.title} credentials saved (ending in ${i.last4}).`);
  };

  return (
    <section className="card integration" aria-labelledby={titleId}>
      <div className="card-header">
        <h2 id={titleId}>{spec.title}</h2>
        {integration ? <span className="badge badge-success">Connected</span> : <span className="badge badge-muted">Not connected</span>}
      </div>
      <p className="page-description">{spec.description}</p>
      {integration && (
        <dl className="details">
          <dt>{spec.provider === 'twilio' ? 'Auth token' : 'Key'}</dt>
          <dd>
            <code data-testid="last4">••••{integration.last4}</code>
          </dd>
          {spec.provider === 'vapi' && (
            <>
              <dt>Webhook secret</dt>
              <dd>{integration.webhook_secret_set ? 'Your own' : 'Derived for this organization'}</dd>
              <dt>Server credential</dt>
              <dd>{integration.server_credential_id ? <code>{integration.server_credential_id}</code> : '—'}</dd>
            </>
          )}
          <dt>Updated</dt>
          <dd>{formatDateTime(integration.updated_at)}</dd>
        </dl>
      )}
      {shownSecret && (
        <SecretReveal
          title="Your Vapi webhook secret"
          label="Webhook secret"
          value={shownSecret}
          warning="Vapi now signs this organization’s call messages with this secret (the server credential above holds it). It is shown once; keep it only if something else must sign or check those messages."
          onDone={() => setShownSecret(null)}
        />
      )}
      {integration?.last_test && <TestResult test={integration.last_test} />}
      {testError != null && <ProblemAlert error={testError} title={`Could not reach ${spec.title}`} />}
      {integration && !replacing && (
        <div className="row">
          {spec.testable ? (
            <button type="button" className="button button-secondary" onClick={test} disabled={testing}>
              {testing ? 'Testing…' : 'Test connection'}
            </button>
          ) : (
            <span className="field-hint">{spec.title} has no connection test yet.</span>
          )}
          <button type="button" className="button button-secondary" onClick={() => setReplacing(true)}>
            Replace<span className="sr-only"> {spec.title} credentials</span>
          </button>
          <button type="button" className="button button-danger-ghost" onClick={() => removing.ask(spec.provider)}>
            Remove<span className="sr-only"> {spec.title} credentials</span>
          </button>
        </div>
      )}
      {(!integration || replacing) && (
        <CredentialsForm spec={spec} replacing={replacing} onSaved={saved} onCancel={replacing ? () => setReplacing(false) : undefined} />
      )}
      <LiveStatus message={status} />
      <ConfirmDialog
        {...removing.dialog}
        title={`Remove the ${spec.title} credentials?`}
        confirmLabel="Remove"
      >
        <p>Calls to {spec.title} made for this organization stop working until new credentials are added.</p>
      </ConfirmDialog>
    </section>
  );
}
