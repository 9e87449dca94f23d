import { useState } from 'react';
import { api, type Booking, type Location } from '../api.ts';
import { BarChart } from '../components/BarChart.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { useResource } from '../lib/useAsync.ts';
import { addDays, dayIn, dayLabel, instantOf, isDay, todayIn, weekStart, weekdayShort, zoneAbbreviation } from '../lib/zoned.ts';
import { BookAppointment } from './BookAppointment.tsx';
import { BookingDetail } from './BookingDetail.tsx';
import { BookingList } from './BookingList.tsx';
import { ResourceLegend, ScheduleGrid, weekColumns } from './ScheduleGrid.tsx';

type View = 'day' | 'week' | 'list';
const VIEWS: { value: View; label: string }[] = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'list', label: 'List' },
];

/** The state of the page lives in the URL (view, date, location), so a reload or a shared link shows the same. */
function useAppointmentsQuery() {
  const { path, query } = useLocation();
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(patch)) (v === undefined ? next.delete(k) : next.set(k, v));
    navigate(`${path}?${next.toString()}`, { replace: true });
  };
  const view = (VIEWS.find((v) => v.value === query.get('view'))?.value ?? 'week') as View;
  return { view, date: query.get('date'), locationId: query.get('location'), set };
}

export function Appointments() {
  const locations = useResource(() => api.listLocations(), []);
  const q = useAppointmentsQuery();

  return (
    <>
      {locations.state.status === 'loading' && (
        <>
          <PageHeader title="Appointments" />
          <Loading label="Loading locations…" />
        </>
      )}
      {locations.state.status === 'error' && (
        <>
          <PageHeader title="Appointments" />
          <ProblemAlert error={locations.state.error} title="Could not load locations" onRetry={locations.reload} />
        </>
      )}
      {locations.state.status === 'ready' &&
        (locations.state.data.length === 0 ? (
          <>
            <PageHeader title="Appointments" />
            <EmptyState title="No locations yet" action={<Link to="/scheduling">Set up scheduling</Link>}>
              <p>Add your clinic’s location, its practitioners or rooms with their hours, and the services patients can book.</p>
            </EmptyState>
          </>
        ) : (
          <LocationAppointments
            key={q.locationId ?? ''}
            locations={locations.state.data}
            location={locations.state.data.find((l) => l.id === q.locationId) ?? locations.state.data[locations.state.data.length - 1]!}
          />
        ))}
    </>
  );
}

function LocationAppointments({ locations, location }: { locations: Location[]; location: Location }) {
  const { acting } = useSignedIn();
  const canBook = hasRole(acting.role, 'member');
  const q = useAppointmentsQuery();
  const tz = location.timezone;
  const day = isDay(q.date) ? q.date : todayIn(tz);
  const monday = weekStart(day);
  const [from, to] = q.view === 'day' ? [day, day] : [monday, addDays(monday, 6)];
  const [version, setVersion] = useState(0);
  const [booking, setBooking] = useState(false);
  const [selected, setSelected] = useState<Booking | null>(null);

  const services = useResource(() => api.listServices(location.id), [location.id]);
  const resources = useResource(() => api.listResources(location.id), [location.id]);
  const range = useResource(
    () => api.listBookingsInRange({ location_id: location.id, status: 'confirmed', starts_after: instantOf(tz, from), starts_before: instantOf(tz, addDays(to, 1)) }),
    [location.id, from, to, version, q.view === 'list'],
  );
  const serviceList = services.state.status === 'ready' ? services.state.data : [];
  const resourceList = resources.state.status === 'ready' ? resources.state.data : [];

  const changed = (b: Booking) => {
    setSelected((s) => (s && s.id === b.id ? b : s));
    setVersion((v) => v + 1);
  };
  const step = q.view === 'day' ? 1 : 7;
  const zone = `${tz} (${zoneAbbreviation(tz, instantOf(tz, day, 12 * 60))})`;
  const rangeLabel = q.view === 'day' ? dayLabel(day) : `Week of ${dayLabel(monday)}`;

  return (
    <>
      <PageHeader
        title="Appointments"
        description={
          <>
            Times are shown in <strong data-testid="zone-name">{zone}</strong>, the timezone of {location.name}.
          </>
        }
        actions={
          canBook && (
            <button type="button" className="button button-primary" aria-expanded={booking} onClick={() => setBooking((b) => !b)}>
              Book appointment
            </button>
          )
        }
      />
      <div className="toolbar">
        {locations.length > 1 && (
          <Field label="Location">
            <select className="select" value={location.id} onChange={(e) => q.set({ location: e.target.value })}>
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <div className="segmented" role="group" aria-label="View">
          {VIEWS.map((v) => (
            <button key={v.value} type="button" className="button button-secondary" aria-pressed={q.view === v.value} onClick={() => q.set({ view: v.value })}>
              {v.label}
            </button>
          ))}
        </div>
        {q.view !== 'list' && (
          <div className="date-nav" role="group" aria-label="Change dates">
            <button type="button" className="button button-secondary" onClick={() => q.set({ date: addDays(day, -step) })}>
              Previous<span className="sr-only"> {q.view}</span>
            </button>
            <button type="button" className="button button-secondary" onClick={() => q.set({ date: todayIn(tz) })}>
              Today
            </button>
            <button type="button" className="button button-secondary" onClick={() => q.set({ date: addDays(day, step) })}>
              Next<span className="sr-only"> {q.view}</span>
            </button>
            <label className="sr-only" htmlFor="appointments-date">
              Go to date
            </label>
            <input id="appointments-date" className="input input-date" type="date" value={day} onChange={(e) => isDay(e.target.value) && q.set({ date: e.target.value })} />
          </div>
        )}
      </div>

      {booking && services.state.status === 'ready' && resources.state.status === 'ready' && (
        <BookAppointment
          location={location}
          services={serviceList}
          resources={resourceList}
          initialDay={day}
          onBooked={(b) => {
            setVersion((v) => v + 1);
            // Show the day of the new booking, so it is on screen behind the confirmation.
            if (q.view !== 'list') q.set({ date: dayIn(tz, b.starts_at) });
          }}
          onClose={() => setBooking(false)}
        />
      )}
      {services.state.status === 'error' && <ProblemAlert error={services.state.error} title="Could not load services" onRetry={services.reload} />}
      {resources.state.status === 'error' && <ProblemAlert error={resources.state.error} title="Could not load practitioners and rooms" onRetry={resources.reload} />}

      {selected && (
        <BookingDetail
          key={selected.id}
          booking={selected}
          services={serviceList}
          resources={resourceList}
          canEdit={canBook}
          onChanged={changed}
          onClose={() => setSelected(null)}
        />
      )}

      {q.view === 'list' ? (
        <BookingList location={location} services={serviceList} resources={resourceList} version={version} onSelect={setSelected} />
      ) : (
        <section className="card" aria-labelledby="range-title">
          <div className="card-header">
            <h2 id="range-title">{rangeLabel}</h2>
            <ResourceLegend resources={resourceList} />
          </div>
          {(range.state.status === 'loading' || resources.state.status === 'loading') && <Loading label="Loading appointments…" />}
          {range.state.status === 'error' && <ProblemAlert error={range.state.error} title="Could not load appointments" onRetry={range.reload} />}
          {range.state.status === 'ready' && resources.state.status === 'ready' && (
            <>
              {resourceList.length === 0 ? (
                <EmptyState title="No practitioners or rooms here yet" action={<Link to="/scheduling">Add them in scheduling settings</Link>}>
                  <p>Appointments are booked on a practitioner or a room with opening hours.</p>
                </EmptyState>
              ) : (
                <>
                  {range.state.data.length === 0 && (
                    <p className="empty-inline" role="note">
                      No appointments {q.view === 'day' ? 'on this day' : 'this week'}.
                    </p>
                  )}
                  <ScheduleGrid
                    label={q.view === 'day' ? 'Day schedule' : 'Week schedule'}
                    columns={
                      q.view === 'day'
                        ? resourceList.map((r) => ({ key: r.id, day, label: r.name, resourceId: r.id }))
                        : weekColumns(monday, addDays)
                    }
                    bookings={range.state.data}
                    resources={resourceList}
                    services={serviceList}
                    timezone={tz}
                    onSelect={setSelected}
                  />
                </>
              )}
              {q.view === 'week' && (
                <BarChart
                  title="Bookings per day this week"
                  unit="booking"
                  tick={weekdayShort}
                  bars={weekColumns(monday, addDays).map((c) => ({ label: c.day, value: range.state.status === 'ready' ? range.state.data.filter((b) => dayIn(tz, b.starts_at) === c.day).length : 0 }))}
                />
              )}
            </>
          )}
        </section>
      )}
    </>
  );
}
