import { useState } from 'react';
import { api, isProblem, type CalendarConnection } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useResource } from '../lib/useAsync.ts';

/** Not connected is an answer (404), not an error. */
const loadConnection = () =>
  api.getGoogleCalendar().catch((err: unknown) => {
    if (isProblem(err) && err.status === 404) return null;
    throw err;
  });

const latest = (values: (string | null)[]) => values.filter((v): v is string => !!v).sort().at(-1) ?? null;

/** Google Calendar: who is connected, how fresh the busy time is; connect (OAuth), sync now, disconnect. */
export function GoogleCalendarCard({ isAdmin, canSync, notice }: { isAdmin: boolean; canSync: boolean; notice: 'connected' | string | null }) {
  const conn = useResource(loadConnection, []);
  const [busy, setBusy] = useState<'connect' | 'sync' | 'disconnect' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const connect = async () => {
    setBusy('connect');
    setError(null);
    try {
      const { authorize_url } = await api.connectGoogleCalendar();
      window.location.assign(authorize_url);
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  };
  const sync = async () => {
    setBusy('sync');
    setError(null);
    try {
      const r = await api.syncGoogleCalendar();
      setStatus(`Sync started: ${r.calendars} calendar${r.calendars === 1 ? '' : 's'} to read, ${r.bookings} booking${r.bookings === 1 ? '' : 's'} to retry.`);
      conn.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const disconnect = async () => {
    setBusy('disconnect');
    setError(null);
    try {
      await api.disconnectGoogleCalendar();
      conn.setState({ status: 'ready', data: null });
      setConfirming(false);
      setStatus('Google Calendar was disconnected. Bookings stay.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const c: CalendarConnection | null = conn.state.status === 'ready' ? conn.state.data : null;
  return (
    <section className="card" aria-labelledby="calendar-title" id="calendar">
      <div className="card-header">
        <h2 id="calendar-title">Google Calendar</h2>
        {c && <span className={c.status === 'connected' ? 'badge badge-success' : 'badge badge-danger'}>{c.status === 'connected' ? 'Connected' : 'Needs attention'}</span>}
      </div>
      <p className="page-description">Busy time in the clinic’s Google calendars blocks slots here, and every booking appears there as an event.</p>
      {notice === 'connected' && <p className="alert alert-success">Google Calendar is connected. Busy time is being read now.</p>}
      {notice && notice !== 'connected' && (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">Google did not connect</p>
          <p>
            Code: <code data-testid="problem-code">{notice}</code>. Try connecting again.
          </p>
        </div>
      )}
      {conn.state.status === 'loading' && <Loading label="Loading the calendar connection…" />}
      {conn.state.status === 'error' && <ProblemAlert error={conn.state.error} title="Could not load the calendar connection" onRetry={conn.reload} />}
      {conn.state.status === 'ready' &&
        (c === null ? (
          <EmptyState
            title="Not connected"
            action={
              isAdmin ? (
                <button type="button" className="button button-primary" disabled={busy !== null} onClick={() => void connect()}>
                  {busy === 'connect' ? 'Opening Google…' : 'Connect Google Calendar'}
                </button>
              ) : undefined
            }
          >
            <p>{isAdmin ? 'You will be sent to Google to allow access, then back here.' : 'An admin can connect it.'}</p>
          </EmptyState>
        ) : (
          <>
            <dl className="details">
              <dt>Account</dt>
              <dd>{c.account_email ?? 'Unknown'}</dd>
              <dt>Last sync</dt>
              <dd>{formatDateTime(latest(c.calendars.map((x) => x.fetched_at)), 'Not yet')}</dd>
              <dt>Calendars</dt>
              <dd>
                {c.calendars.length === 0
                  ? 'None mirrored yet: set a calendar on a practitioner or room.'
                  : c.calendars.map((x) => (
                      <div key={x.calendar_id}>
                        <span className="mono">{x.calendar_id}</span>{' '}
                        {x.last_error ? <span className="badge badge-danger">Sync error</span> : <span className="badge badge-success">In sync</span>}
                        {x.last_error && <span className="cell-secondary"> {x.last_error}</span>}
                      </div>
                    ))}
              </dd>
              {c.last_error && (
                <>
                  <dt>Last error</dt>
                  <dd>{c.last_error}</dd>
                </>
              )}
            </dl>
            <div className="row">
              {canSync && (
                <button type="button" className="button button-secondary" disabled={busy !== null} onClick={() => void sync()}>
                  {busy === 'sync' ? 'Syncing…' : 'Sync now'}
                </button>
              )}
              {isAdmin && (
                <>
                  <button type="button" className="button button-secondary" disabled={busy !== null} onClick={() => void connect()}>
                    Reconnect
                  </button>
                  <button type="button" className="button button-danger-ghost" disabled={busy !== null} onClick={() => setConfirming(true)}>
                    Disconnect
                  </button>
                </>
              )}
            </div>
          </>
        ))}
      {error != null && <ProblemAlert error={error} title="That did not work" />}
      <LiveStatus message={status} />
      <ConfirmDialog
        open={confirming}
        title="Disconnect Google Calendar?"
        confirmLabel="Disconnect"
        busy={busy === 'disconnect'}
        onConfirm={() => void disconnect()}
        onCancel={() => setConfirming(false)}
      >
        <p>We forget the access Google gave us and the busy time we read. Bookings stay.</p>
      </ConfirmDialog>
    </section>
  );
}
