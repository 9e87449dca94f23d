import { useState, type FormEvent } from 'react';
import { api, type Location } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { browserTimezone, timezoneOptions } from '../lib/timezones.ts';
import { zoneAbbreviation } from '../lib/zoned.ts';
import { useEditableList } from '../lib/useEditableList.ts';
import { useMutation } from '../lib/useMutation.ts';
import { EditableListCard } from '../components/EditableListCard.tsx';

interface Props {
  locations: Location[];
  canEdit: boolean;
  onChange(locations: Location[]): void;
}

/** Sites of the clinic, each with the timezone its hours and appointments are read in. */
export function LocationsCard({ locations, canEdit, onChange }: Props) {
  const rows = useEditableList(locations, onChange, (x) => api.deleteLocation(x.id), locations.length === 0 && canEdit);

  return (
    <EditableListCard
      id="locations"
      title="Locations"
      addLabel="Add location"
      canAdd={canEdit}
      canEdit={canEdit}
      list={rows}
      items={locations}
      form={
        <LocationForm
          key={rows.formKey}
          location={rows.current}
          onCancel={locations.length > 0 ? rows.close : undefined}
          onSaved={rows.saved}
        />
      }
      empty={
        rows.editing === null && (
          <EmptyState title="No locations yet">
            <p>{canEdit ? 'Add the clinic’s address and timezone to start.' : 'An admin can add one.'}</p>
          </EmptyState>
        )
      }
      deleteLabel="Delete location"
      deleteWarning={<p>A location can only be deleted once it has no services, practitioners or rooms.</p>}
    >
      {(l) => (
        <div>
          <div className="cell-primary">{l.name}</div>
          <div className="cell-secondary">
            {l.timezone} ({zoneAbbreviation(l.timezone)}){l.address && ` · ${l.address}`}
          </div>
        </div>
      )}
    </EditableListCard>
  );
}

function LocationForm({ location, onSaved, onCancel }: { location: Location | null; onSaved(l: Location): void; onCancel?: () => void }) {
  const [name, setName] = useState(location?.name ?? '');
  const [timezone, setTimezone] = useState(location?.timezone ?? browserTimezone());
  const [address, setAddress] = useState(location?.address ?? '');
  const { busy, error, run } = useMutation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    await run(async () => {
      const body = { name: name.trim(), timezone, address: address.trim() || null };
      onSaved(location ? await api.updateLocation(location.id, body) : await api.createLocation(body));
    });
  };

  return (
    <form className="form subform" onSubmit={submit} aria-label={location ? `Edit ${location.name}` : 'New location'}>
      <div className="form-grid">
        <Field label="Location name">
          <input className="input" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Timezone" hint="Hours and appointments of this location are read in it.">
          <select className="select" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
            {timezoneOptions(timezone).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Address" hint="Optional.">
          <input className="input" maxLength={500} value={address} onChange={(e) => setAddress(e.target.value)} />
        </Field>
      </div>
      {error != null && <ProblemAlert error={error} title="Could not save the location" />}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
          {busy ? 'Saving…' : location ? 'Save location' : 'Create location'}
        </button>
        {onCancel && (
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
