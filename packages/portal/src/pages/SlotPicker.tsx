import { useId } from 'react';
import { api, type Resource, type Slot } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useResource } from '../lib/useAsync.ts';
import { dayLabel, timeIn, todayIn, zoneAbbreviation } from '../lib/zoned.ts';

interface Props {
  serviceId: string;
  /** Only this resource's slots; undefined for any resource able to perform the service. */
  resourceId: string | undefined;
  resources: Resource[];
  timezone: string;
  day: string;
  onDay(day: string): void;
  picked: Slot | null;
  onPick(slot: Slot): void;
  /** Bumped by the parent to refetch (after a 409, say). */
  reloadKey?: number;
}

/** A day's free slots of a service, as buttons (times in the location's zone, which is named). */
export function SlotPicker({ serviceId, resourceId, resources, timezone, day, onDay, picked, onPick, reloadKey = 0 }: Props) {
  const id = useId();
  const slots = useResource(
    () => api.getAvailability({ service: serviceId, from: day, to: day, ...(resourceId ? { resource: resourceId } : {}) }),
    [serviceId, resourceId, day, reloadKey],
  );
  const resourceName = (rid: string) => resources.find((r) => r.id === rid)?.name ?? 'Another resource';
  // "Any resource": one button per start time; the server takes the first free resource when booking.
  const shown = (data: Slot[]) => (resourceId ? data : data.filter((s, i) => data.findIndex((x) => x.starts_at === s.starts_at) === i));
  const zone = zoneAbbreviation(timezone, `${day}T12:00:00Z`);

  return (
    <div className="slot-picker">
      <div className="field">
        <label className="field-label" htmlFor={`${id}-day`}>
          Date
        </label>
        <input id={`${id}-day`} className="input input-date" type="date" min={todayIn(timezone)} value={day} required onChange={(e) => e.target.value && onDay(e.target.value)} />
      </div>
      <fieldset className="fieldset">
        <legend>
          Available times on {dayLabel(day)}{' '}
          <span className="zone-note">
            ({timezone}, {zone})
          </span>
        </legend>
        {slots.state.status === 'loading' && <Loading label="Finding free times…" />}
        {slots.state.status === 'error' && <ProblemAlert error={slots.state.error} title="Could not load free times" onRetry={slots.reload} />}
        {slots.state.status === 'ready' &&
          (shown(slots.state.data.slots).length === 0 ? (
            <EmptyState title="No free times on this day">
              <p>Try another date, or another practitioner or room.</p>
            </EmptyState>
          ) : (
            <ul className="slots" aria-label="Free times">
              {shown(slots.state.data.slots).map((s) => {
                const selected = picked?.starts_at === s.starts_at && (!resourceId || picked.resource_id === s.resource_id);
                return (
                  <li key={`${s.starts_at}-${s.resource_id}`}>
                    <button type="button" className={selected ? 'slot slot-picked' : 'slot'} aria-pressed={selected} onClick={() => onPick(s)}>
                      {timeIn(timezone, s.starts_at)}
                      {resourceId && resources.length > 1 && <span className="sr-only"> with {resourceName(s.resource_id)}</span>}
                    </button>
                  </li>
                );
              })}
            </ul>
          ))}
        {slots.state.status === 'ready' && slots.state.data.external_busy.source === 'google' && (
          <p className="field-hint">
            Google Calendar busy time
            {slots.state.data.external_busy.age_seconds == null ? ' has not been read yet.' : ` read ${Math.round(slots.state.data.external_busy.age_seconds / 60)} min ago.`}
          </p>
        )}
      </fieldset>
    </div>
  );
}

/** One-click alternatives offered with `409 slot_taken`. */
export function Alternatives({ slots, timezone, verb, busy, onChoose }: { slots: Slot[]; timezone: string; verb: string; busy: boolean; onChoose(slot: Slot): void }) {
  return (
    <div className="alert alert-warning" role="alert">
      <p className="alert-title">That time was just taken</p>
      <p>Someone else booked it a moment ago. These times are free:</p>
      {slots.length === 0 ? (
        <p>No nearby times are free; pick another date.</p>
      ) : (
        <ul className="slots" aria-label="Alternative times">
          {slots.slice(0, 8).map((s) => (
            <li key={`${s.starts_at}-${s.resource_id}`}>
              <button type="button" className="slot" disabled={busy} onClick={() => onChoose(s)}>
                {verb} {timeIn(timezone, s.starts_at)}
                <span className="cell-secondary"> {dayLabel(s.starts_at.slice(0, 10), 'short')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
