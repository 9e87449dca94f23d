import { api } from '../api.ts';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useLocation } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { useResource } from '../lib/useAsync.ts';
import { GoogleCalendarCard } from './GoogleCalendarCard.tsx';
import { LocationsCard } from './LocationsCard.tsx';
import { ResourcesCard } from './ResourcesCard.tsx';
import { ServicesCard } from './ServicesCard.tsx';

/** Locations, practitioners and rooms with their hours, services, and the Google Calendar connection. */
export function SchedulingSettings() {
  const { acting } = useSignedIn();
  const { query } = useLocation();
  const isAdmin = hasRole(acting.role, 'admin');
  const all = useResource(() => Promise.all([api.listLocations(), api.listResources(), api.listServices()]), []);
  const notice = query.get('connected') === 'google' ? 'connected' : query.get('error');

  return (
    <>
      <PageHeader title="Scheduling settings" description="What patients can book, with whom, when, and where." />
      {!isAdmin && <p className="alert alert-info">Only admins and owners can change scheduling settings.</p>}
      {all.state.status === 'loading' && <Loading label="Loading scheduling settings…" />}
      {all.state.status === 'error' && <ProblemAlert error={all.state.error} title="Could not load scheduling settings" onRetry={all.reload} />}
      {all.state.status === 'ready' &&
        (() => {
          const [locations, resources, services] = all.state.data;
          const set = (patch: Partial<{ locations: typeof locations; resources: typeof resources; services: typeof services }>) =>
            all.setState({ status: 'ready', data: [patch.locations ?? locations, patch.resources ?? resources, patch.services ?? services] });
          return (
            <>
              <LocationsCard locations={locations} canEdit={isAdmin} onChange={(l) => set({ locations: l })} />
              <ResourcesCard locations={locations} resources={resources} canEdit={isAdmin} onChange={(r) => set({ resources: r })} />
              <ServicesCard locations={locations} resources={resources} services={services} canEdit={isAdmin} onChange={(s) => set({ services: s })} />
            </>
          );
        })()}
      <GoogleCalendarCard isAdmin={isAdmin} canSync={hasRole(acting.role, 'member')} notice={notice} />
    </>
  );
}
