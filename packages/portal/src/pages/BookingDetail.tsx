import { useEffect, useRef, useState } from 'react';
import { api, isProblem, type Booking, type Resource, type Service, type Slot } from '../api.ts';
import { CalendarSyncBadge } from '../components/CalendarSyncBadge.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDateTime } from '../lib/format.ts';
import { dateTimeIn, dayIn, timeIn, todayIn, zoneAbbreviation } from '../lib/zoned.ts';
import { Alternatives, SlotPicker } from './SlotPicker.tsx';

interface Props {
  booking: Booking;
  services: Service[];
  resources: Resource[];
  canEdit: boolean;
  onChanged(booking: Booking): void;
  onClose(): void;
}

/** One appointment: who, what, when (in the location's zone), its sync state; reschedule and cancel. */
export function BookingDetail({ booking, services, resources, canEdit, onChanged, onClose }: Props) {
  const tz = booking.timezone;
  const heading = useRef<HTMLHeadingElement>(null);
  const [moving, setMoving] = useState(false);
  const [day, setDay] = useState(() => {
    const d = dayIn(tz, booking.starts_at);
    const today = todayIn(tz);
    return d < today ? today : d;
  });
  const [picked, setPicked] = useState<Slot | null>(null);
  const [alternatives, setAlternatives] = useState<Slot[] | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [cancelError, setCancelError] = useState<unknown>(null);

  useEffect(() => heading.current?.focus(), [booking.id]);

  const service = services.find((s) => s.id === booking.service_id);
  const resource = resources.find((r) => r.id === booking.resource_id);
  const cancelled = booking.status === 'cancelled';

  const move = async (slot: Slot) => {
    setBusy(true);
    setError(null);
    try {
      const moved = await api.rescheduleBooking(booking.id, { starts_at: slot.starts_at, resource_id: slot.resource_id });
      onChanged(moved);
      setMoving(false);
      setPicked(null);
      setAlternatives(null);
      setStatus(`Moved to ${dateTimeIn(tz, moved.starts_at)}.`);
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

  const cancel = async () => {
    setBusy(true);
    setCancelError(null);
    try {
      const done = await api.cancelBooking(booking.id, reason.trim() || undefined);
      onChanged(done);
      setCancelling(false);
      setMoving(false);
      setStatus('The appointment was cancelled and its slot is free again.');
    } catch (err) {
      setCancelError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card booking-detail" aria-labelledby="booking-title" data-booking={booking.id}>
      <div className="card-header">
        <h2 id="booking-title" ref={heading} tabIndex={-1}>
          {booking.patient.name}, {timeIn(tz, booking.starts_at)}
        </h2>
        <button type="button" className="button button-ghost" onClick={onClose}>
          Close<span className="sr-only"> appointment details</span>
        </button>
      </div>
      <dl className="details">
        <dt>Status</dt>
        <dd>
          <span className={cancelled ? 'badge badge-danger' : 'badge badge-success'} data-testid="booking-status">
            {cancelled ? 'Cancelled' : 'Confirmed'}
          </span>
          {booking.patient_confirmed_at && <span className="badge badge-info">Patient confirmed by SMS</span>}
          {booking.callback_requested_at && <span className="badge badge-warning">Callback requested</span>}
        </dd>
        <dt>When</dt>
        <dd data-testid="booking-when">
          {dateTimeIn(tz, booking.starts_at)} – {timeIn(tz, booking.ends_at)}{' '}
          <span className="zone-note">
            {tz} ({zoneAbbreviation(tz, booking.starts_at)})
          </span>
        </dd>
        <dt>Service</dt>
        <dd>{service?.name ?? booking.service_id}</dd>
        <dt>With</dt>
        <dd>{resource?.name ?? booking.resource_id}</dd>
        <dt>Patient</dt>
        <dd>
          {booking.patient.name} · <span className="mono">{booking.patient.phone}</span>
        </dd>
        <dt>Confirmation code</dt>
        <dd>
          <strong className="mono">{booking.confirmation_code}</strong>
        </dd>
        <dt>Calendar</dt>
        <dd>
          <CalendarSyncBadge booking={booking} detailed />
        </dd>
        <dt>Booked</dt>
        <dd>
          {formatDateTime(booking.created_at)} via {booking.source}
          {booking.reschedule_count > 0 && ` · moved ${booking.reschedule_count} time${booking.reschedule_count === 1 ? '' : 's'}`}
        </dd>
        {booking.notes && (
          <>
            <dt>Notes</dt>
            <dd>{booking.notes}</dd>
          </>
        )}
        {cancelled && (
          <>
            <dt>Cancelled</dt>
            <dd>
              {formatDateTime(booking.cancelled_at)}
              {booking.cancel_reason && ` · ${booking.cancel_reason}`}
            </dd>
          </>
        )}
      </dl>
      {canEdit && !cancelled && (
        <div className="row">
          <button type="button" className="button button-secondary" aria-expanded={moving} onClick={() => setMoving((m) => !m)}>
            Reschedule
          </button>
          <button type="button" className="button button-danger-ghost" onClick={() => setCancelling(true)}>
            Cancel appointment
          </button>
        </div>
      )}
      {moving && !cancelled && (
        <div className="reschedule">
          <h3>Pick a new time</h3>
          <SlotPicker
            serviceId={booking.service_id}
            resourceId={booking.resource_id}
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
          {alternatives && <Alternatives slots={alternatives} timezone={tz} verb="Move to" busy={busy} onChoose={(s) => void move(s)} />}
          {error != null && <ProblemAlert error={error} title="Could not reschedule" />}
          <div className="row">
            <button type="button" className="button button-primary" disabled={!picked || busy} onClick={() => picked && void move(picked)}>
              {busy ? 'Moving…' : picked ? `Move to ${dateTimeIn(tz, picked.starts_at)}` : 'Move appointment'}
            </button>
          </div>
        </div>
      )}
      <LiveStatus message={status} />
      <ConfirmDialog
        open={cancelling}
        title="Cancel this appointment?"
        confirmLabel="Cancel appointment"
        cancelLabel="Keep appointment"
        busy={busy}
        error={cancelError}
        onConfirm={() => void cancel()}
        onCancel={() => {
          setCancelling(false);
          setCancelError(null);
        }}
      >
        <p>
          {booking.patient.name}, {dateTimeIn(tz, booking.starts_at)}. The slot becomes free and pending reminders are dropped.
        </p>
        <Field label="Reason" hint="Optional; kept with the booking.">
          <input className="input" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      </ConfirmDialog>
    </section>
  );
}
