import { useEffect, useState, type FormEvent } from 'react';
import { api, type SmsMessage } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { E164_HINT, e164Error } from '../lib/e164.ts';
import { formatDateTime } from '../lib/format.ts';
import { leavingForSubmit } from '../lib/forms.ts';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged, useResource } from '../lib/useAsync.ts';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { useMutation } from '../lib/useMutation.ts';

const PURPOSE: Record<SmsMessage['purpose'], string> = {
  confirmation: 'Confirmation',
  reminder_24h: 'Reminder (24 h)',
  reminder_2h: 'Reminder (2 h)',
  manual: 'Manual',
  reply: 'Reply',
  inbound: 'From patient',
};

const STATUS_TONE: Record<string, string> = {
  delivered: 'badge-success',
  sent: 'badge-success',
  received: 'badge-info',
  pending: 'badge-muted',
  scheduled: 'badge-muted',
  sending: 'badge-info',
  queued: 'badge-info',
  refused: 'badge-warning',
  failed: 'badge-danger',
  undelivered: 'badge-danger',
};

const ACTION: Record<string, string> = { stop: 'STOP (opted out)', start: 'START (opted back in)', help: 'HELP', vendor_refused: 'Refused by carrier' };

/** Every text sent or received, the opt-out ledger, and (on the local outbox) a patient-reply simulator. */
export function SmsLog() {
  const { acting } = useSignedIn();
  const [phone, setPhone] = useState('');
  const [filter, setFilter] = useState('');
  const [version, setVersion] = useState(0);
  const messages = usePaged((cursor) => api.listSmsMessages({ phone: filter || undefined }, cursor), [filter, version]);
  const optOuts = usePaged((cursor) => api.listSmsOptOuts(cursor), [version]);
  // Embedded mode: no Twilio credentials, so texts go to the local outbox and replies can be simulated.
  const integrations = useResource(() => api.listIntegrations(), []);
  const embedded = integrations.state.status === 'ready' && !integrations.state.data.data.some((i) => i.provider === 'twilio');
  const filterError = phone.trim() ? e164Error(phone) : null;

  return (
    <>
      <PageHeader title="SMS log" description="Confirmations, reminders and patients’ replies. Replies C (confirm), R (call me back) and STOP are handled automatically." />
      {embedded && hasRole(acting.role, 'member') && <SimulateReply onSent={() => setVersion((v) => v + 1)} />}
      <section className="card" aria-labelledby="messages-title">
        <div className="card-header">
          <h2 id="messages-title">Messages</h2>
          <form
            className="form form-inline"
            onSubmit={(e) => {
              e.preventDefault();
              if (!filterError) setFilter(phone.trim());
            }}
          >
            <Field label="Phone number" error={filterError}>
              <input className="input input-phone" type="tel" placeholder="+15551234567" value={phone} onChange={(e) => setPhone(e.target.value)} />
            </Field>
            <button type="submit" className="button button-secondary">
              Filter
            </button>
            <button type="button" className="button button-ghost" onClick={() => setVersion((v) => v + 1)}>
              Refresh
            </button>
          </form>
        </div>
        <PagedList
          list={messages}
          loadingLabel="Loading messages…"
          errorTitle="Could not load messages"
          moreErrorTitle="Could not load more messages"
          empty={
            <EmptyState title={filter ? `No messages with ${filter}` : 'No messages yet'}>
              <p>A confirmation is texted for every booking; reminders follow 24 h and 2 h before.</p>
            </EmptyState>
          }
        >
          {(items) => (
            <DataTable caption="Messages, newest first" columns={['Time', 'Direction', 'Number', 'Message', 'Status']}>
              {items.map((m) => (
                <tr key={m.id} data-sms={m.id} data-purpose={m.purpose}>
                  <td data-label="Time">
                    <div className="cell-primary">{formatDateTime(m.sent_at ?? m.created_at)}</div>
                    {m.status === 'scheduled' && m.send_at && <div className="cell-secondary">Quiet hours: sends {formatDateTime(m.send_at)}</div>}
                  </td>
                  <td data-label="Direction">
                    <span className={m.direction === 'inbound' ? 'badge badge-info' : 'badge badge-muted'}>{m.direction === 'inbound' ? '← In' : 'Out →'}</span>
                    <div className="cell-secondary">{PURPOSE[m.purpose]}</div>
                  </td>
                  <td data-label="Number" className="mono">
                    {m.direction === 'inbound' ? m.from : m.to}
                  </td>
                  <td data-label="Message" className="sms-body">
                    {m.body}
                  </td>
                  <td data-label="Status">
                    <span className={`badge ${STATUS_TONE[m.status] ?? 'badge-muted'}`}>{m.status}</span>
                    {m.connector && <div className="cell-secondary">{m.connector === 'local-sms' ? 'Local outbox' : m.connector}</div>}
                    {m.error_code && (
                      <div className="cell-secondary">
                        <code>{m.error_code}</code> {m.error_message}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
      </section>
      <section className="card" aria-labelledby="optouts-title">
        <h2 id="optouts-title">Opt-outs</h2>
        <p className="page-description">A number that texted STOP gets nothing more until it texts START. Every send checks this first.</p>
        <PagedList
          list={optOuts}
          loadingLabel="Loading opt-outs…"
          errorTitle="Could not load opt-outs"
          moreErrorTitle="Could not load more opt-outs"
          empty={
            <EmptyState title="No opt-outs">
              <p>Nobody has texted STOP.</p>
            </EmptyState>
          }
        >
          {(items) => (
            <DataTable caption="Opt-out ledger, newest first" columns={['Number', 'What', 'How', 'When']}>
              {items.map((o) => (
                <tr key={o.id}>
                  <td data-label="Number" className="mono">
                    {o.phone}
                  </td>
                  <td data-label="What">
                    <span className={o.action === 'start' ? 'badge badge-success' : o.action === 'help' ? 'badge badge-info' : 'badge badge-warning'}>{ACTION[o.action] ?? o.action}</span>
                  </td>
                  <td data-label="How">{o.source === 'inbound_keyword' ? 'Patient’s text' : o.source === 'status_callback' ? 'Carrier status' : 'Send error'}</td>
                  <td data-label="When">{formatDateTime(o.created_at)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
      </section>
    </>
  );
}

const QUICK = ['C', 'R', 'STOP', 'START'];

/** Plays a patient texting the clinic (local outbox only), so staff can see what C, R and STOP do. */
function SimulateReply({ onSent }: { onSent(): void }) {
  const [from, setFrom] = useState('');
  const [body, setBody] = useState('C');
  const [fromError, setFromError] = useState<string | null>(null);
  const { busy, error, run } = useMutation();
  const [status, setStatus] = useState<string | null>(null);
  const [refreshes, setRefreshes] = useState(0);

  // The reply is processed in the background: refresh the log a few times so its effect shows up.
  useEffect(() => {
    if (refreshes === 0) return;
    const t = setTimeout(() => {
      onSent();
      setRefreshes((n) => n - 1);
    }, 1000);
    return () => clearTimeout(t);
  }, [refreshes]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fe = from.trim() ? e164Error(from) : 'Enter the patient’s number.';
    setFromError(fe);
    if (fe || !body.trim()) return;
    await run(async () => {
      const r = await api.simulateInboundSms({ from: from.trim(), body: body.trim() });
      setStatus(`“${body.trim()}” from ${from.trim()} was delivered to the clinic (webhook answered ${r.webhook_status}).`);
      onSent();
      setRefreshes(3);
    });
  };

  return (
    <section className="card" aria-labelledby="simulate-title">
      <h2 id="simulate-title">Simulate patient reply</h2>
      <p className="page-description">Texts go to the built-in local outbox (no Twilio account is connected). Play a patient replying to see how it is handled.</p>
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label="Patient number" hint={E164_HINT} error={fromError}>
            <input
              className="input input-phone"
              type="tel"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              onBlur={(e) => !leavingForSubmit(e) && setFromError(from.trim() ? e164Error(from) : null)}
            />
          </Field>
          <Field label="Reply text" hint="C confirms the next appointment, R asks for a callback, STOP opts out, START opts back in.">
            <input className="input" maxLength={1600} value={body} onChange={(e) => setBody(e.target.value)} />
          </Field>
        </div>
        <div className="row" role="group" aria-label="Common replies">
          {QUICK.map((k) => (
            <button key={k} type="button" className="button button-ghost button-small" aria-pressed={body === k} onClick={() => setBody(k)}>
              {k}
            </button>
          ))}
        </div>
        {error != null && <ProblemAlert error={error} title="Could not simulate the reply" />}
        <div className="row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Sending…' : 'Send as patient'}
          </button>
        </div>
      </form>
      <LiveStatus message={status} />
    </section>
  );
}
