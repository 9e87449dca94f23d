import { useState, type FormEvent } from 'react';
import { api, isProblem, type Booking, type Location, type Resource, type Service, type Slot } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { E164_HINT, e164Error } from '../lib/e164.ts';
import { leavingForSubmit } from '../lib/forms.ts';
import { Link } from '../lib/router.tsx';
import { dateTimeIn, todayIn, zoneAbbreviation } from '../lib/zoned.ts';
import { Alternatives, SlotPicker } from './SlotPicker.tsx';

interface Props {
  location: Location;
  services: Service[];
  resources: Resource[];
  initialDay: string;
  onBooked(booking: Booking): void;
  onClose(): void;
}

/** Service (and optionally who), a day, a free time, the patient; then the confirmation code. */
export function BookAppointment({ location, services, resources, initialDay, onBooked, onClose }: Props) {
  const tz = location.timezone;
  const today = todayIn(tz);
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [resourceId, setResourceId] = useState('');
  const [day, setDay] = useState(initialDay < today ? today : initialDay);
  const [picked, setPicked] = useState<Slot | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [alternatives, setAlternatives] = useState<Slot[] | null>(null);
  const [booked, setBooked] = useState<Booking | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  const service = services.find((s) => s.id === serviceId);
  const able = resources.filter((r) => service?.resource_ids.includes(r.id));

  if (services.length === 0) {
    return (
      <section className="card" aria-labelledby="book-title">
        <h2 id="book-title">Book an appointment</h2>
        <EmptyState title="Nothing to book yet" action={<Link to="/scheduling">Open scheduling settings</Link>}>
          <p>Add a service at {location.name}, and the practitioners or rooms that perform it, first.</p>
        </EmptyState>
      </section>
    );
  }

  const book = async (slot: Slot, viaAlternative: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const booking = await api.createBooking({
        service_id: serviceId,
        starts_at: slot.starts_at,
        // A time offered for "any" resource is booked on whichever is free; a chosen resource or an alternative is exact.
        ...(resourceId || viaAlternative ? { resource_id: slot.resource_id } : {}),
        patient: { name: name.trim(), phone: phone.trim() },
        ...(notes.trim() ? { notes: notes.trim() } : {}),
        source: 'portal',
      });
      setBooked(booking);
      setAlternatives(null);
      onBooked(booking);
    } catch (err) {
      if (isProblem(err, 'slot_taken')) {
        setAlternatives(err.alternatives);
        setPicked(null);
        setReloadKey((k) => k + 1);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const pe = phone.trim() ? e164Error(phone) : 'Enter the patient’s mobile number.';
    setPhoneError(pe);
    if (pe || !picked || !name.trim()) return;
    void book(picked, false);
  };

  const reset = () => {
    setBooked(null);
    setPicked(null);
    setName('');
    setPhone('');
    setNotes('');
    setReloadKey((k) => k + 1);
  };

  if (booked) {
    return (
      <section className="card" aria-labelledby="book-title">
        <h2 id="book-title">Book an appointment</h2>
        <div className="alert alert-success" role="status">
          <p className="alert-title">Booked</p>
          <p>
            {booked.patient.name}, {dateTimeIn(tz, booked.starts_at)} ({zoneAbbreviation(tz, booked.starts_at)}), {services.find((s) => s.id === booked.service_id)?.name} with{' '}
            {resources.find((r) => r.id === booked.resource_id)?.name ?? 'the practitioner'}.
          </p>
          <p>
            Confirmation code{' '}
            <strong className="confirmation-code" data-testid="confirmation-code">
              {booked.confirmation_code}
            </strong>
          </p>
          <p className="cell-secondary">A confirmation text with this code is on its way to {booked.patient.phone}.</p>
        </div>
        <div className="row">
          <button type="button" className="button button-primary" onClick={reset}>
            Book another
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Done
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="book-title">
      <div className="card-header">
        <h2 id="book-title">Book an appointment</h2>
        <button type="button" className="button button-ghost" onClick={onClose}>
          Close<span className="sr-only"> booking form</span>
        </button>
      </div>
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label="Service">
            <select
              className="select"
              value={serviceId}
              onChange={(e) => {
                setServiceId(e.target.value);
                setResourceId('');
                setPicked(null);
              }}
            >
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.duration_minutes} min)
                </option>
              ))}
            </select>
          </Field>
          <Field label="Practitioner or room" hint="Optional: any free one is taken.">
            <select
              className="select"
              value={resourceId}
              onChange={(e) => {
                setResourceId(e.target.value);
                setPicked(null);
              }}
            >
              <option value="">Any available</option>
              {able.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {service && service.resource_ids.length === 0 ? (
          <p className="alert alert-info">No practitioner or room performs {service.name} yet; choose who can in scheduling settings.</p>
        ) : (
          <SlotPicker
            serviceId={serviceId}
            resourceId={resourceId || undefined}
            resources={resources}
            timezone={tz}
            day={day}
            onDay={(d) => {
              setDay(d);
              setPicked(null);
            }}
            picked={picked}
            onPick={(s) => {
              setPicked(s);
              setAlternatives(null);
            }}
            reloadKey={reloadKey}
          />
        )}
        {alternatives && <Alternatives slots={alternatives} timezone={tz} verb="Book" busy={busy} onChoose={(s) => void book(s, true)} />}
        <div className="form-grid">
          <Field label="Patient name">
            <input className="input" autoComplete="off" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Patient mobile" hint={E164_HINT} error={phoneError}>
            <input
              className="input input-phone"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              required
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              onBlur={(e) => !leavingForSubmit(e) && setPhoneError(phone.trim() ? e164Error(phone) : null)}
            />
          </Field>
        </div>
        <Field label="Notes" hint="Optional; visible to staff only.">
          <textarea className="input" maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
        {error != null && <ProblemAlert error={error} title="Could not book" />}
        <div className="row">
          <button type="submit" className="button button-primary" disabled={busy || !picked || !name.trim() || !phone.trim()}>
            {busy ? 'Booking…' : picked ? `Confirm booking at ${dateTimeIn(tz, picked.starts_at)}` : 'Confirm booking'}
          </button>
          {!picked && <span className="field-hint">Pick a free time first.</span>}
        </div>
      </form>
    </section>
  );
}
