import { useState } from 'react';
import { api, type Booking, type BookingStatus, type Location, type Resource, type Service } from '../api.ts';
import { CalendarSyncBadge } from '../components/CalendarSyncBadge.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { usePaged } from '../lib/useAsync.ts';
import { dateTimeIn, zoneAbbreviation } from '../lib/zoned.ts';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';

interface Props {
  location: Location;
  services: Service[];
  resources: Resource[];
  /** Bumped by the page after a booking changed, to refetch. */
  version: number;
  onSelect(booking: Booking): void;
}

/** Every booking of the location, newest first, a page at a time, by status. */
export function BookingList({ location, services, resources, version, onSelect }: Props) {
  const [status, setStatus] = useState<BookingStatus | ''>('');
  const list = usePaged((cursor) => api.listBookings({ location_id: location.id, ...(status ? { status } : {}) }, cursor), [location.id, status, version]);
  const tz = location.timezone;

  return (
    <section className="card" aria-labelledby="list-title">
      <div className="card-header">
        <h2 id="list-title">All appointments</h2>
        <Field label="Status">
          <select className="select" value={status} onChange={(e) => setStatus(e.target.value as BookingStatus | '')}>
            <option value="">All</option>
            <option value="confirmed">Confirmed</option>
            <option value="cancelled">Cancelled</option>
          </select>
        </Field>
      </div>
      <PagedList
        list={list}
        loadingLabel="Loading appointments…"
        errorTitle="Could not load appointments"
        moreErrorTitle="Could not load more appointments"
        empty={
          <EmptyState title={status ? `No ${status} appointments` : 'No appointments yet'}>
            <p>Bookings made here, over the API or by your voice agents show up in this list.</p>
          </EmptyState>
        }
      >
        {(items) => (
          <DataTable caption={<>Appointments at {location.name}, newest first</>} columns={[<>When ({zoneAbbreviation(tz)})</>, 'Patient', 'Service', 'Status', 'Calendar']} actions>
            {items.map((b) => (
              <tr key={b.id} data-booking={b.id}>
                <td data-label="When">
                  <div className="cell-primary">{dateTimeIn(tz, b.starts_at)}</div>
                  <div className="cell-secondary">
                    {tz} · code <span className="mono">{b.confirmation_code}</span>
                  </div>
                </td>
                <td data-label="Patient">
                  <div className="cell-primary">{b.patient.name}</div>
                  <div className="cell-secondary mono">{b.patient.phone}</div>
                </td>
                <td data-label="Service">
                  {services.find((s) => s.id === b.service_id)?.name ?? b.service_id}
                  <div className="cell-secondary">{resources.find((r) => r.id === b.resource_id)?.name ?? b.resource_id}</div>
                </td>
                <td data-label="Status">
                  <span className={b.status === 'cancelled' ? 'badge badge-danger' : 'badge badge-success'}>{b.status === 'cancelled' ? 'Cancelled' : 'Confirmed'}</span>
                </td>
                <td data-label="Calendar">
                  <CalendarSyncBadge booking={b} />
                </td>
                <td className="cell-actions">
                  <button type="button" className="button button-secondary button-small" onClick={() => onSelect(b)}>
                    Details<span className="sr-only"> for {b.patient.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedList>
    </section>
  );
}
