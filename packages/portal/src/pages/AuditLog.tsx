import { useMemo, useState } from 'react';
import { api, type AuditEvent } from '../api.ts';
import { BarChart, type Bar } from '../components/BarChart.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDateTime, localDay } from '../lib/format.ts';
import { usePaged } from '../lib/useAsync.ts';
import { AuditFilters, EMPTY_FILTER, toQuery, type FilterForm } from './AuditFilters.tsx';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';

const MAX_FILLED_DAYS = 31;

/** Events per local day over the loaded events, with empty days filled in when the span is short. */
export function eventsPerDay(events: AuditEvent[]): Bar[] {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(localDay(e.created_at), (counts.get(localDay(e.created_at)) ?? 0) + 1);
  const days = [...counts.keys()].sort();
  if (days.length < 2) return days.map((d) => ({ label: d, value: counts.get(d)! }));
  const first = new Date(`${days[0]}T00:00:00`);
  const last = new Date(`${days[days.length - 1]}T00:00:00`);
  const span = Math.round((last.getTime() - first.getTime()) / 86_400_000) + 1;
  if (span > MAX_FILLED_DAYS) return days.map((d) => ({ label: d, value: counts.get(d)! }));
  const bars: Bar[] = [];
  for (let i = 0; i < span; i++) {
    const d = localDay(new Date(first.getFullYear(), first.getMonth(), first.getDate() + i).toISOString());
    bars.push({ label: d, value: counts.get(d) ?? 0 });
  }
  return bars;
}

const actorLabel = (e: AuditEvent) => (e.actor_type === 'system' ? 'System' : e.actor_id ?? e.actor_type);

/** Who did what, when and from where, newest first; filter, then page back with "Load more". */
export function AuditLog() {
  const [filter, setFilter] = useState<FilterForm>(EMPTY_FILTER);
  const query = toQuery(filter);
  const events = usePaged((cursor) => api.listAuditEvents(query, cursor), [JSON.stringify(query)]);
  const bars = useMemo(() => (events.state.status === 'ready' ? eventsPerDay(events.state.data) : []), [events.state]);
  const filtered = Object.keys(query).length > 0;

  return (
    <>
      <PageHeader title="Audit log" description="An append-only record of sign-ins, key changes, membership changes and settings changes." />
      <section className="card">
        <AuditFilters initial={filter} onApply={setFilter} />
      </section>
      <section className="card" aria-labelledby="events-title" aria-busy={events.state.status === 'loading'}>
        <h2 id="events-title">Events</h2>
        <PagedList
          list={events}
          loadingLabel="Loading audit events…"
          errorTitle="Could not load the audit log"
          moreErrorTitle="Could not load more events"
          empty={
            <EmptyState title={filtered ? 'No events match these filters' : 'No events yet'}>
              {filtered ? 'Try a shorter action prefix or a wider date range.' : 'Actions in this organization will appear here.'}
            </EmptyState>
          }
        >
          {(items) => (
            <>
              <BarChart bars={bars} title={`Events per day (${items.length} loaded)`} />
              <DataTable caption="Audit events, newest first" columns={['Time', 'Action', 'Actor', 'Target', 'IP']}>
                {items.map((e) => (
                  <tr key={e.id}>
                    <td data-label="Time">{formatDateTime(e.created_at)}</td>
                    <td data-label="Action">
                      <code className="audit-action">{e.action}</code>
                      {Object.keys(e.metadata).length > 0 && (
                        <details className="audit-meta">
                          <summary>Details</summary>
                          <pre>{JSON.stringify(e.metadata, null, 2)}</pre>
                        </details>
                      )}
                    </td>
                    <td data-label="Actor">
                      <code>{actorLabel(e)}</code>
                    </td>
                    <td data-label="Target">{e.target_id ? <code>{e.target_id}</code> : '—'}</td>
                    <td data-label="IP">{e.ip ?? '—'}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          )}
        </PagedList>
      </section>
    </>
  );
}
