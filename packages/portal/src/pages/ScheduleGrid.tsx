import type { Booking, Resource, Service } from '../api.ts';
import { dayIn, dayLabel, minutesIn, timeIn, todayIn } from '../lib/zoned.ts';

const HOUR_PX = 72;
export const COLORS = 8;

export interface Column {
  key: string;
  label: string;
  /** The day the column shows (YYYY-MM-DD in the location's zone). */
  day: string;
  /** Only bookings of this resource (day view); all resources share the column in lanes otherwise. */
  resourceId?: string;
}

interface Props {
  label: string;
  columns: Column[];
  bookings: Booking[];
  resources: Resource[];
  services: Service[];
  timezone: string;
  onSelect(booking: Booking): void;
}

/** The colour of a resource: its place in the location's list, so it stays put between views. */
export const colorOf = (resources: Resource[], resourceId: string) => Math.max(0, resources.findIndex((r) => r.id === resourceId)) % COLORS;

/**
 * A time grid: one column per day (week) or per resource (day), bookings placed by their start and length
 * in the location's zone. In a shared column each resource has its own lane, so bookings never overlap
 * (the database guarantees one booking per resource at a time). Every block is a button.
 */
export function ScheduleGrid({ label, columns, bookings, resources, services, timezone, onSelect }: Props) {
  const placed = bookings.map((b) => {
    const day = dayIn(timezone, b.starts_at);
    const start = minutesIn(timezone, b.starts_at);
    // A booking running past midnight is drawn to the end of its day.
    const end = dayIn(timezone, b.ends_at) === day ? minutesIn(timezone, b.ends_at) || 1440 : 1440;
    return { b, day, start, end: Math.max(end, start + 10) };
  });
  const firstHour = Math.min(8, ...placed.map((p) => Math.floor(p.start / 60)));
  const lastHour = Math.max(18, ...placed.map((p) => Math.ceil(p.end / 60)));
  const hours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i);
  const height = hours.length * HOUR_PX;
  const shared = columns.some((c) => !c.resourceId);
  const today = todayIn(timezone);
  const lanes = shared ? Math.max(1, resources.length) : 1;
  const serviceName = (id: string) => services.find((s) => s.id === id)?.name ?? 'Appointment';
  const resourceName = (id: string) => resources.find((r) => r.id === id)?.name ?? 'Unknown';
  const hourLabel = (h: number) => timeIn('UTC', `2000-01-01T${String(h).padStart(2, '0')}:00:00Z`);

  return (
    <section className="sched" aria-label={label}>
      <div className="sched-scroll">
        <div className="sched-table" style={{ gridTemplateColumns: `4rem repeat(${columns.length}, minmax(7.5rem, 1fr))` }}>
          <div className="sched-corner" aria-hidden="true" />
          {columns.map((c) => (
            <div key={c.key} className={c.day === today && !c.resourceId ? 'sched-colhead sched-today' : 'sched-colhead'}>
              {c.label}
              {c.day === today && !c.resourceId && <span className="sr-only"> (today)</span>}
            </div>
          ))}
          <div className="sched-gutter" style={{ height }} aria-hidden="true">
            {hours.map((h) => (
              <span key={h} className="sched-hour" style={{ top: (h - firstHour) * HOUR_PX }}>
                {hourLabel(h)}
              </span>
            ))}
          </div>
          {columns.map((c) => {
            const mine = placed.filter((p) => p.day === c.day && (!c.resourceId || p.b.resource_id === c.resourceId));
            return (
              <ul key={c.key} className="sched-col" style={{ height, backgroundSize: `100% ${HOUR_PX}px` }} aria-label={`${c.label}: ${mine.length} appointment${mine.length === 1 ? '' : 's'}`}>
                {mine.map(({ b, start, end }) => {
                  const lane = shared ? Math.max(0, resources.findIndex((r) => r.id === b.resource_id)) % lanes : 0;
                  const top = ((start - firstHour * 60) / 60) * HOUR_PX;
                  const h = Math.max(22, ((end - start) / 60) * HOUR_PX - 2);
                  const when = `${timeIn(timezone, b.starts_at)}–${timeIn(timezone, b.ends_at)}`;
                  return (
                    <li key={b.id} className="appt-item" style={{ top, height: h, left: `${(lane / lanes) * 100}%`, width: `${100 / lanes}%` }}>
                      <button
                        type="button"
                        className="appt"
                        data-color={colorOf(resources, b.resource_id)}
                        data-booking={b.id}
                        aria-label={`${when}, ${b.patient.name}, ${serviceName(b.service_id)} with ${resourceName(b.resource_id)}`}
                        onClick={() => onSelect(b)}
                      >
                        <span className="appt-line">
                          <span className="appt-time">{timeIn(timezone, b.starts_at)}</span> {b.patient.name}
                        </span>
                        <span className="appt-meta">
                          {serviceName(b.service_id)}
                          {shared && ` · ${resourceName(b.resource_id)}`}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            );
          })}
        </div>
      </div>
    </section>
  );
}

/** Which colour is whom. */
export function ResourceLegend({ resources }: { resources: Resource[] }) {
  if (resources.length === 0) return null;
  return (
    <ul className="legend" aria-label="Practitioners and rooms">
      {resources.map((r) => (
        <li key={r.id}>
          <span className="legend-swatch appt" data-color={colorOf(resources, r.id)} aria-hidden="true" />
          {r.name} <span className="cell-secondary">({r.kind === 'room' ? 'room' : 'practitioner'})</span>
        </li>
      ))}
    </ul>
  );
}

export const weekColumns = (monday: string, addDays: (d: string, n: number) => string): Column[] =>
  Array.from({ length: 7 }, (_, i) => {
    const day = addDays(monday, i);
    return { key: day, day, label: dayLabel(day, 'short') };
  });
