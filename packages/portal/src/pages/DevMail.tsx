import { Fragment, useCallback, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api.ts';
import type { DevEmail } from '@voxanne/sdk';
import { AuthCard } from '../components/AuthCard.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Link } from '../lib/router.tsx';

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

/** Plain text with its URLs as links, so a verification link can be followed from here. */
function Linked({ text }: { text: string }): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    parts.push(<Fragment key={`t${last}`}>{text.slice(last, m.index)}</Fragment>);
    parts.push(
      <a key={`a${m.index}`} href={m[0]}>
        {m[0]}
      </a>,
    );
    last = m.index + m[0].length;
  }
  parts.push(<Fragment key="end">{text.slice(last)}</Fragment>);
  return parts;
}

/**
 * /dev/mail: the local email connector's outbox, for development (the API answers 404 elsewhere, and so
 * does this page's list). Newest first.
 */
export function DevMail() {
  const [emails, setEmails] = useState<DevEmail[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      setEmails((await api.devEmails()).data);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <AuthCard title="Development mailbox" footer={<Link to="/signin">Sign in</Link>}>
      <p>Email the local email connector would have sent. Only available in development.</p>
      <button type="button" className="button" onClick={() => void load()}>
        Refresh
      </button>
      {error != null && <ProblemAlert error={error} title="Could not load the mailbox" onRetry={() => void load()} />}
      {emails === null && error == null && <Loading label="Loading mail…" />}
      {emails?.length === 0 && <p>No email yet.</p>}
      {emails?.map((m) => (
        <article key={m.id} className="card" aria-label={m.subject}>
          <h2>{m.subject}</h2>
          <p className="field-hint">
            To {m.to} · <time dateTime={m.created_at}>{new Date(m.created_at).toLocaleString()}</time>
          </p>
          <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            <Linked text={m.text} />
          </p>
        </article>
      ))}
    </AuthCard>
  );
}
