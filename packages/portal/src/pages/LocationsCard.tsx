import { useState, type FormEvent } from 'react';
import { api, type Location } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { browserTimezone, timezoneOptions } from '../lib/timezones.ts';
import { zoneAbbreviation } from '../lib/zoned.ts';
import { RowActions } from '../components/RowActions.tsx';

interface Props {
  locations: Location[];
  canEdit: boolean;
  onChange(locations: Location[]): void;
}

/** Sites of the clinic, each with the timezone its hours and appointments are read in. */
export function LocationsCard({ locations, canEdit, onChange }: Props) {
  const [editing, setEditing] = useState<Location | 'new' | null>(locations.length === 0 && canEdit ? 'new' : null);
  const [removing, setRemoving] = useState<Location | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    setDialogError(null);
    try {
      await api.deleteLocation(removing.id);
      onChange(locations.filter((l) => l.id !== removing.id));
      setStatus(`${removing.name} was deleted.`);
      setRemoving(null);
    } catch (err) {
      setDialogError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="locations-title">
      <div className="card-header">
        <h2 id="locations-title">Locations</h2>
        {canEdit && editing === null && (
          <button type="button" className="button button-secondary" onClick={() => setEditing('new')}>
            Add location
          </button>
        )}
      </div>
      {editing !== null && (
        <LocationForm
          key={editing === 'new' ? 'new' : editing.id}
          location={editing === 'new' ? null : editing}
          onCancel={locations.length > 0 ? () => setEditing(null) : undefined}
          onSaved={(l) => {
            onChange(editing === 'new' ? [l, ...locations] : locations.map((x) => (x.id === l.id ? l : x)));
            setEditing(null);
            setStatus(`${l.name} was saved.`);
          }}
        />
      )}
      {locations.length === 0 ? (
        editing === null && (
          <EmptyState title="No locations yet">
            <p>{canEdit ? 'Add the clinic’s address and timezone to start.' : 'An admin can add one.'}</p>
          </EmptyState>
        )
      ) : (
        <ul className="list" aria-label="Locations">
          {locations.map((l) => (
            <li key={l.id} className="list-item">
              <div>
                <div className="cell-primary">{l.name}</div>
                <div className="cell-secondary">
                  {l.timezone} ({zoneAbbreviation(l.timezone)}){l.address && ` · ${l.address}`}
                </div>
              </div>
              {canEdit && <RowActions name={l.name} onEdit={() => setEditing(l)} onDelete={() => setRemoving(l)} />}
            </li>
          ))}
        </ul>
      )}
      <LiveStatus message={status} />
      <ConfirmDialog
        open={removing !== null}
        title={`Delete ${removing?.name ?? ''}?`}
        confirmLabel="Delete location"
        busy={busy}
        error={dialogError}
        onConfirm={() => void remove()}
        onCancel={() => {
          setRemoving(null);
          setDialogError(null);
        }}
      >
        <p>A location can only be deleted once it has no services, practitioners or rooms.</p>
      </ConfirmDialog>
    </section>
  );
}

function LocationForm({ location, onSaved, onCancel }: { location: Location | null; onSaved(l: Location): void; onCancel?: () => void }) {
  const [name, setName] = useState(location?.name ?? '');
  const [timezone, setTimezone] = useState(location?.timezone ?? browserTimezone());
  const [address, setAddress] = useState(location?.address ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), timezone, address: address.trim() || null };
      onSaved(location ? await api.updateLocation(location.id, body) : await api.createLocation(body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
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
