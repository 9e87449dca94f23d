import { useState, type FormEvent } from 'react';
import { api, type Location, type Resource, type ResourceKind, type ScheduleException } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { DAYS, endOf, hoursError, hoursRow, type HoursRow } from '../lib/agent-draft.ts';
import { BusinessHours } from './BusinessHours.tsx';
import { useEditableList } from '../lib/useEditableList.ts';
import { useMutation } from '../lib/useMutation.ts';
import { EditableListCard } from '../components/EditableListCard.tsx';

interface Props {
  locations: Location[];
  resources: Resource[];
  canEdit: boolean;
  onChange(resources: Resource[]): void;
}

const DAY_ORDER = new Map(DAYS.map((d, i) => [d.day, i]));
const hoursSummary = (r: Resource) => {
  if (r.weekly_hours.length === 0) return 'No hours: never bookable';
  return DAYS.filter((d) => r.weekly_hours.some((h) => h.day === d.day))
    .map((d) => `${d.label.slice(0, 3)} ${r.weekly_hours.filter((h) => h.day === d.day).map((h) => `${h.start}–${h.end}`).join(', ')}`)
    .join(' · ');
};

/** Practitioners and rooms: weekly hours in the location's timezone, and dated exceptions (holidays, leave). */
export function ResourcesCard({ locations, resources, canEdit, onChange }: Props) {
  const rows = useEditableList(resources, onChange, (x) => api.deleteResource(x.id));
  const locationName = (id: string) => locations.find((l) => l.id === id)?.name ?? id;

  return (
    <EditableListCard
      id="resources"
      title="Practitioners and rooms"
      addLabel="Add practitioner or room"
      canAdd={canEdit && locations.length > 0}
      canEdit={canEdit}
      list={rows}
      items={resources}
      form={
        <ResourceForm
          key={rows.formKey}
          resource={rows.current}
          locations={locations}
          onCancel={rows.close}
          onSaved={rows.saved}
        />
      }
      empty={
        <EmptyState title="No practitioners or rooms yet">
          <p>{locations.length === 0 ? 'Add a location first.' : 'Each one has its own weekly hours; appointments are booked on them.'}</p>
        </EmptyState>
      }
      deleteLabel="Delete"
      deleteWarning={<p>Not possible while it has upcoming appointments. Services stop offering it.</p>}
    >
      {(r) => (
        <div>
          <div className="cell-primary">
            {r.name} <span className="badge badge-muted">{r.kind === 'room' ? 'Room' : 'Practitioner'}</span>
          </div>
          <div className="cell-secondary">
            {locationName(r.location_id)} · {hoursSummary(r)}
            {r.exceptions.length > 0 && ` · ${r.exceptions.length} exception${r.exceptions.length === 1 ? '' : 's'}`}
          </div>
        </div>
      )}
    </EditableListCard>
  );
}

interface ExceptionRow {
  key: number;
  start_date: string;
  end_date: string;
  closed: boolean;
  start: string;
  end: string;
  reason: string;
}
let nextKey = 1;
const exceptionRow = (e?: ScheduleException): ExceptionRow => ({
  key: nextKey++,
  start_date: e?.start_date ?? '',
  end_date: e?.end_date ?? '',
  closed: e ? e.hours.length === 0 : true,
  start: e?.hours[0]?.start ?? '09:00',
  end: e?.hours[0] ? (e.hours[0].end === '24:00' ? '00:00' : e.hours[0].end) : '13:00',
  reason: e?.reason ?? '',
});

function ResourceForm({ resource, locations, onSaved, onCancel }: { resource: Resource | null; locations: Location[]; onSaved(r: Resource): void; onCancel(): void }) {
  const [name, setName] = useState(resource?.name ?? '');
  const [kind, setKind] = useState<ResourceKind>(resource?.kind ?? 'practitioner');
  const [locationId, setLocationId] = useState(resource?.location_id ?? locations[0]?.id ?? '');
  const [hours, setHours] = useState<HoursRow[]>(() => (resource?.weekly_hours ?? []).map((h) => hoursRow(h.day, h.start, h.end === '24:00' ? '00:00' : h.end)));
  const [exceptions, setExceptions] = useState<ExceptionRow[]>(() => (resource?.exceptions ?? []).map(exceptionRow));
  const [hoursErr, setHoursErr] = useState<string | undefined>();
  const [exceptionsErr, setExceptionsErr] = useState<string | undefined>();
  const { busy, error, run } = useMutation();
  const tz = locations.find((l) => l.id === locationId)?.timezone;
  const updateException = (key: number, patch: Partial<ExceptionRow>) => setExceptions((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const he = hoursError(hours);
    const ee = exceptions.find((x) => !x.start_date || !x.end_date || x.end_date < x.start_date || (!x.closed && endOf(x.end) <= x.start))
      ? 'Each exception needs a first and last date (in order) and, when open, a closing time after the opening time.'
      : undefined;
    setHoursErr(he);
    setExceptionsErr(ee);
    if (he || ee || !name.trim()) return;
    const weekly_hours = [...hours]
      .sort((a, b) => DAY_ORDER.get(a.day)! - DAY_ORDER.get(b.day)! || a.start.localeCompare(b.start))
      .map((h) => ({ day: h.day, start: h.start, end: endOf(h.end) }));
    const exceptionList = exceptions.map((x) => ({
      start_date: x.start_date,
      end_date: x.end_date,
      hours: x.closed ? [] : [{ start: x.start, end: endOf(x.end) }],
      reason: x.reason.trim() || null,
    }));
    await run(async () => {
      onSaved(
        resource
          ? await api.updateResource(resource.id, { name: name.trim(), kind, weekly_hours, exceptions: exceptionList })
          : await api.createResource({ location_id: locationId, name: name.trim(), kind, weekly_hours, exceptions: exceptionList }),
      );
    });
  };

  return (
    <form className="form subform" onSubmit={submit} noValidate aria-label={resource ? `Edit ${resource.name}` : 'New practitioner or room'}>
      <div className="form-grid">
        <Field label="Name">
          <input className="input" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Kind">
          <select className="select" value={kind} onChange={(e) => setKind(e.target.value as ResourceKind)}>
            <option value="practitioner">Practitioner</option>
            <option value="room">Room</option>
          </select>
        </Field>
        <Field label="Location" hint={resource ? 'Cannot change after creation.' : undefined}>
          <select className="select" value={locationId} disabled={!!resource} onChange={(e) => setLocationId(e.target.value)}>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <BusinessHours
        rows={hours}
        legend={`Weekly hours${tz ? ` (${tz})` : ''}`}
        emptyText="No hours set: nobody can book this one yet."
        error={hoursErr}
        onChange={setHours}
      />
      <fieldset className="fieldset">
        <legend>Exceptions and holidays</legend>
        <p className="field-hint">These dates replace the weekly hours: closed all day (a holiday, leave), or different hours.</p>
        {exceptions.length === 0 && <p className="field-hint">No exceptions.</p>}
        <ul className="hours">
          {exceptions.map((x, i) => (
            <li key={x.key} className="hours-day exception-row">
              <Field label={`Exception ${i + 1} first day`}>
                <input className="input input-date" type="date" required value={x.start_date} onChange={(e) => updateException(x.key, { start_date: e.target.value, end_date: x.end_date || e.target.value })} />
              </Field>
              <Field label={`Exception ${i + 1} last day`}>
                <input className="input input-date" type="date" required value={x.end_date} onChange={(e) => updateException(x.key, { end_date: e.target.value })} />
              </Field>
              <label className="check">
                <input type="checkbox" checked={x.closed} onChange={(e) => updateException(x.key, { closed: e.target.checked })} />
                Closed all day
              </label>
              {!x.closed && (
                <>
                  <Field label={`Exception ${i + 1} opens`}>
                    <input className="input input-time" type="time" value={x.start} onChange={(e) => updateException(x.key, { start: e.target.value })} />
                  </Field>
                  <Field label={`Exception ${i + 1} closes`}>
                    <input className="input input-time" type="time" value={x.end} onChange={(e) => updateException(x.key, { end: e.target.value })} />
                  </Field>
                </>
              )}
              <Field label={`Exception ${i + 1} reason`}>
                <input className="input" maxLength={200} placeholder="e.g. Public holiday" value={x.reason} onChange={(e) => updateException(x.key, { reason: e.target.value })} />
              </Field>
              <button type="button" className="button button-danger-ghost button-small" onClick={() => setExceptions((rows) => rows.filter((r) => r.key !== x.key))}>
                Remove<span className="sr-only"> exception {i + 1}</span>
              </button>
            </li>
          ))}
        </ul>
        <div>
          <button type="button" className="button button-ghost button-small" onClick={() => setExceptions((rows) => [...rows, exceptionRow()])}>
            Add exception
          </button>
        </div>
        {exceptionsErr && <p className="field-error">{exceptionsErr}</p>}
      </fieldset>
      {error != null && <ProblemAlert error={error} title="Could not save" />}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy || !name.trim() || !locationId}>
          {busy ? 'Saving…' : resource ? 'Save changes' : 'Create'}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
