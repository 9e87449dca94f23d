import { api, type Integration } from '../api.ts';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { PROVIDERS } from '../lib/integration-specs.ts';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { useResource } from '../lib/useAsync.ts';
import { IntegrationCard } from './IntegrationCard.tsx';

const DESCRIPTION = 'Your organization’s own vendor credentials. They are stored encrypted and never shown again: only the last 4 characters.';

/** One card per provider, whether connected or not. Credentials are an admin matter (the API says so too). */
export function Integrations() {
  const { acting } = useSignedIn();
  const isAdmin = hasRole(acting.role, 'admin');
  // Not even asked for without the role: the API would only answer 403.
  const list = useResource(() => (isAdmin ? api.listIntegrations() : Promise.resolve(null)), [isAdmin]);

  const replace = (provider: string, next: Integration | null) =>
    list.setState((s) => {
      if (s.status !== 'ready' || !s.data) return s;
      const others = s.data.data.filter((i) => i.provider !== provider);
      return { status: 'ready', data: { ...s.data, data: next ? [...others, next] : others } };
    });

  return (
    <>
      <PageHeader title="Integrations" description={DESCRIPTION} />
      {!isAdmin && <p className="alert alert-info">Only admins and owners can see and change integrations.</p>}
      {list.state.status === 'loading' && <Loading label="Loading integrations…" />}
      {list.state.status === 'error' && <ProblemAlert error={list.state.error} title="Could not load integrations" onRetry={list.reload} />}
      {list.state.status === 'ready' && list.state.data?.data.length === 0 && (
        <p className="alert alert-info">
          Nothing connected yet. Until you connect a vendor, agents use the built-in voice and publish to the offline simulator.
        </p>
      )}
      {list.state.status === 'ready' && list.state.data && (
        <div className="integration-grid">
          {PROVIDERS.map((spec) => (
            <IntegrationCard
              key={spec.provider}
              spec={spec}
              integration={list.state.status === 'ready' ? (list.state.data?.data.find((i) => i.provider === spec.provider) ?? null) : null}
              onChange={(i) => replace(spec.provider, i)}
            />
          ))}
        </div>
      )}
    </>
  );
}
