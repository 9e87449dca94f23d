import { useEffect, useRef, useState } from 'react';
import { api, type CallOriginal } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CallTranscript } from './CallTranscript.tsx';
import { useMutation } from '../lib/useMutation.ts';

/**
 * For admins, when the org keeps originals: the unredacted transcript, behind a confirmation that says the
 * read is audited. Nothing is fetched until the admin confirms, and the text lives only in this page.
 */
export function OriginalTranscript({ callId }: { callId: string }) {
  const [asking, setAsking] = useState(false);
  const { busy, error, setError, run } = useMutation();
  const [original, setOriginal] = useState<CallOriginal | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // After the dialog closes, land on what was asked for rather than back on the page's top.
  useEffect(() => {
    if (original) heading.current?.focus();
  }, [original]);

  const read = async () => {
    await run(async () => {
      setOriginal(await api.getCallOriginalTranscript(callId));
      setAsking(false);
    });
  };

  return (
    <section className="card" aria-labelledby="original-title">
      <div className="card-header">
        <h2 id="original-title" ref={heading} tabIndex={-1}>
          Original transcript
        </h2>
        {original ? (
          <button type="button" className="button button-secondary" onClick={() => setOriginal(null)}>
            Hide original transcript
          </button>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setAsking(true)}>
            Show original transcript
          </button>
        )}
      </div>
      {original ? (
        <>
          <p className="alert alert-warning">Unredacted: this may contain protected health information. Your read was recorded in the audit log.</p>
          <CallTranscript turns={original.transcript} label="Original conversation" />
          {original.summary && (
            <>
              <h3>Original summary</h3>
              <p>{original.summary}</p>
            </>
          )}
        </>
      ) : (
        <p className="cell-secondary">Your organization keeps an encrypted, unredacted copy of this call for admins.</p>
      )}
      <ConfirmDialog
        open={asking}
        title="Show the original transcript?"
        confirmLabel="Show original"
        busy={busy}
        error={error}
        onConfirm={() => void read()}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
      >
        <p>The original is not redacted and may contain protected health information such as dates of birth or insurance numbers.</p>
        <p>
          <strong>This read is audited:</strong> it is written to the audit log with your name and the time.
        </p>
      </ConfirmDialog>
    </section>
  );
}
