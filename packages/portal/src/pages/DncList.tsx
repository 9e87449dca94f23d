import { useRef, useState, type FormEvent } from 'react';
import { api, type DncEntry } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { E164_HINT, e164Error } from '../lib/e164.ts';
import { formatDateTime } from '../lib/format.ts';
import { leavingForSubmit } from '../lib/forms.ts';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { usePaged } from '../lib/useAsync.ts';
import { PagedList } from '../components/PagedList.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { useConfirm } from '../lib/useConfirm.ts';
import { useMutation } from '../lib/useMutation.ts';

const SOURCE: Record<DncEntry['source'], string> = { api: 'API', portal: 'Dashboard', call: 'Asked on a call', sms: 'Texted STOP' };

/** Numbers no outbound call or campaign ever dials; checked again at the moment of dialing. */
export function DncList() {
  const { acting } = useSignedIn();
  const canAdd = hasRole(acting.role, 'member');
  const canRemove = hasRole(acting.role, 'admin');
  const entries = usePaged((cursor) => api.listDnc(cursor), []);
  const [status, setStatus] = useState<string | null>(null);

  const removing = useConfirm(async (entry: DncEntry) => {
    await api.removeDnc(entry.id);
    entries.update((list) => list.filter((e) => e.id !== entry.id));
    setStatus(`${entry.phone} was removed from the do-not-call list.`);
  });

  return (
    <>
      <PageHeader title="Do-not-call list" description="Numbers your agents never call: single calls and campaigns skip them, and every dial checks again." />
      {canAdd && (
        <AddNumber
          onAdded={(entry) => {
            entries.update((list) => [entry, ...list.filter((e) => e.id !== entry.id)]);
            setStatus(`${entry.phone} is on the do-not-call list.`);
          }}
        />
      )}
      <LiveStatus message={status} />
      <section className="card" aria-labelledby="dnc-title" aria-busy={entries.state.status === 'loading'}>
        <h2 id="dnc-title">Listed numbers</h2>
        <PagedList
          list={entries}
          loadingLabel="Loading the do-not-call list…"
          errorTitle="Could not load the do-not-call list"
          moreErrorTitle="Could not load more numbers"
          empty={
            <EmptyState title="No numbers listed">
              <p>Add a number when a patient asks not to be called.</p>
            </EmptyState>
          }
        >
          {(items) => (
            <DataTable caption="Do-not-call numbers, newest first" columns={['Number', 'Reason', 'Added by', 'Added']} actions={canRemove}>
              {items.map((e) => (
                <tr key={e.id} data-dnc={e.phone}>
                  <td data-label="Number" className="mono">
                    {e.phone}
                  </td>
                  <td data-label="Reason">{e.reason ?? '—'}</td>
                  <td data-label="Added by">{SOURCE[e.source] ?? e.source}</td>
                  <td data-label="Added">{formatDateTime(e.created_at)}</td>
                  {canRemove && (
                    <td className="cell-actions">
                      <button type="button" className="button button-danger-ghost button-small" onClick={() => removing.ask(e)}>
                        Remove<span className="sr-only"> {e.phone}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
        {!canRemove && entries.state.status === 'ready' && entries.state.data.length > 0 && <p className="field-hint">Only admins and owners can remove numbers.</p>}
      </section>
      <ConfirmDialog
        {...removing.dialog}
        title={`Remove ${removing.target?.phone ?? ''} from the do-not-call list?`}
        confirmLabel="Remove number"
      >
        <p>Your agents may call this number again, in campaigns too, if the contact’s consent allows it.</p>
      </ConfirmDialog>
    </>
  );
}

function AddNumber({ onAdded }: { onAdded(entry: DncEntry): void }) {
  const [phone, setPhone] = useState('');
  const [reason, setReason] = useState('');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const { busy, error, run } = useMutation();
  const input = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const pe = phone.trim() ? e164Error(phone) : 'Enter the number to list.';
    setPhoneError(pe);
    if (pe) {
      input.current?.focus();
      return;
    }
    await run(async () => {
      onAdded(await api.addDnc({ phone: phone.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}) }));
      setPhone('');
      setReason('');
      input.current?.focus();
    });
  };

  return (
    <section className="card" aria-labelledby="dnc-add-title">
      <h2 id="dnc-add-title">Add a number</h2>
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label="Phone number" hint={E164_HINT} error={phoneError}>
            <input
              ref={input}
              className="input input-phone"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              placeholder="+15551234567"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              onBlur={(e) => !leavingForSubmit(e) && setPhoneError(phone.trim() ? e164Error(phone) : null)}
            />
          </Field>
          <Field label="Reason" hint="Optional, e.g. “Asked not to be called”.">
            <input className="input" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
        </div>
        {error != null && <ProblemAlert error={error} title="Could not add the number" />}
        <div className="row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add to do-not-call list'}
          </button>
        </div>
      </form>
    </section>
  );
}
