import { useState, type FormEvent } from 'react';
import { api, type Location, type Resource, type Service } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useEditableList } from '../lib/useEditableList.ts';
import { useMutation } from '../lib/useMutation.ts';
import { EditableListCard } from '../components/EditableListCard.tsx';

interface Props {
  locations: Location[];
  resources: Resource[];
  services: Service[];
  canEdit: boolean;
  onChange(services: Service[]): void;
}

export function formatPrice(minor: number, currency: string): string {
  try {
    const digits = new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** What patients can book: length, buffers, price and who performs it. */
export function ServicesCard({ locations, resources, services, canEdit, onChange }: Props) {
  const rows = useEditableList(services, onChange, (x) => api.deleteService(x.id));
  const name = (id: string) => resources.find((r) => r.id === id)?.name ?? id;

  return (
    <EditableListCard
      id="services"
      title="Services"
      addLabel="Add service"
      canAdd={canEdit && locations.length > 0}
      canEdit={canEdit}
      list={rows}
      items={services}
      form={
        <ServiceForm
          key={rows.formKey}
          service={rows.current}
          locations={locations}
          resources={resources}
          onCancel={rows.close}
          onSaved={rows.saved}
        />
      }
      empty={
        <EmptyState title="No services yet">
          <p>{locations.length === 0 ? 'Add a location first.' : 'A service says how long an appointment takes and who can perform it.'}</p>
        </EmptyState>
      }
      deleteLabel="Delete service"
      deleteWarning={<p>Existing appointments stay; the service can no longer be booked.</p>}
    >
      {(s) => (
        <div>
          <div className="cell-primary">
            {s.name} <span className="cell-secondary">{formatPrice(s.price_minor, s.currency)}</span>
          </div>
          <div className="cell-secondary">
            {s.duration_minutes} min
            {(s.buffer_before_minutes > 0 || s.buffer_after_minutes > 0) && ` · buffers ${s.buffer_before_minutes}/${s.buffer_after_minutes} min`} ·{' '}
            {s.resource_ids.length === 0 ? 'nobody performs it yet' : s.resource_ids.map(name).join(', ')}
          </div>
        </div>
      )}
    </EditableListCard>
  );
}

function ServiceForm({ service, locations, resources, onSaved, onCancel }: { service: Service | null; locations: Location[]; resources: Resource[]; onSaved(s: Service): void; onCancel(): void }) {
  const [name, setName] = useState(service?.name ?? '');
  const [locationId, setLocationId] = useState(service?.location_id ?? locations[0]?.id ?? '');
  const [duration, setDuration] = useState(String(service?.duration_minutes ?? 30));
  const [before, setBefore] = useState(String(service?.buffer_before_minutes ?? 0));
  const [after, setAfter] = useState(String(service?.buffer_after_minutes ?? 0));
  const [currency, setCurrency] = useState(service?.currency ?? 'USD');
  const [price, setPrice] = useState(service ? String(service.price_minor / 10 ** minorDigits(service.currency)) : '0');
  const [chosen, setChosen] = useState<string[]>(service?.resource_ids ?? []);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const { busy, error, run } = useMutation();
  const here = resources.filter((r) => r.location_id === locationId);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const d = Number(duration);
    if (!Number.isInteger(d) || d < 5 || d > 720) errs.duration = 'Whole minutes from 5 to 720.';
    for (const [k, v] of [['before', before], ['after', after]] as const) {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 240) errs[k] = 'Whole minutes from 0 to 240.';
    }
    const cur = currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(cur)) errs.currency = 'A three-letter ISO code, e.g. USD.';
    const p = Number(price);
    if (!Number.isFinite(p) || p < 0) errs.price = 'A price of 0 or more.';
    setFieldErrors(errs);
    if (Object.keys(errs).length > 0 || !name.trim()) return;
    const body = {
      name: name.trim(),
      duration_minutes: d,
      buffer_before_minutes: Number(before),
      buffer_after_minutes: Number(after),
      price_minor: Math.round(p * 10 ** minorDigits(cur)),
      currency: cur,
      resource_ids: chosen.filter((id) => here.some((r) => r.id === id)),
    };
    await run(async () => {
      onSaved(service ? await api.updateService(service.id, body) : await api.createService({ ...body, location_id: locationId }));
    });
  };

  return (
    <form className="form subform" onSubmit={submit} noValidate aria-label={service ? `Edit ${service.name}` : 'New service'}>
      <div className="form-grid">
        <Field label="Service name">
          <input className="input" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Location" hint={service ? 'Cannot change after creation.' : undefined}>
          <select className="select" value={locationId} disabled={!!service} onChange={(e) => setLocationId(e.target.value)}>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Duration (minutes)" error={fieldErrors.duration}>
          <input className="input" type="number" min={5} max={720} step={5} required value={duration} onChange={(e) => setDuration(e.target.value)} />
        </Field>
        <Field label="Buffer before (minutes)" error={fieldErrors.before}>
          <input className="input" type="number" min={0} max={240} value={before} onChange={(e) => setBefore(e.target.value)} />
        </Field>
        <Field label="Buffer after (minutes)" error={fieldErrors.after}>
          <input className="input" type="number" min={0} max={240} value={after} onChange={(e) => setAfter(e.target.value)} />
        </Field>
        <Field label="Price" error={fieldErrors.price}>
          <input className="input" type="number" min={0} step="0.01" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
        </Field>
        <Field label="Currency" error={fieldErrors.currency}>
          <input className="input" maxLength={3} autoCapitalize="characters" value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
        </Field>
      </div>
      <fieldset className="fieldset">
        <legend>Who can perform it</legend>
        {here.length === 0 ? (
          <p className="field-hint">No practitioners or rooms at this location yet; add them above, then come back.</p>
        ) : (
          here.map((r) => (
            <label key={r.id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(r.id)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, r.id] : c.filter((x) => x !== r.id)))}
              />
              {r.name} <span className="cell-secondary">({r.kind})</span>
            </label>
          ))
        )}
      </fieldset>
      {error != null && <ProblemAlert error={error} title="Could not save the service" />}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy || !name.trim() || !locationId}>
          {busy ? 'Saving…' : service ? 'Save service' : 'Create service'}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
