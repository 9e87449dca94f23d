import { useEffect, useId, useRef, useState } from 'react';
import { CopyButton } from './CopyButton.tsx';

/** The ten one-time recovery codes, shown once: copy, download, and confirm before moving on. */
export function RecoveryCodes({ codes, email, onDone }: { codes: string[]; email: string; onDone(): void }) {
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const checkboxId = useId();
  const text = `Voxanne recovery codes for ${email}\nEach code signs you in once if you lose your authenticator.\n\n${codes.join('\n')}\n`;
  const [href, setHref] = useState<string | null>(null);

  useEffect(() => heading.current?.focus(), []);
  // A blob URL keeps the codes on this device; revoke it when the page goes away.
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [text]);

  return (
    <section className="card" aria-labelledby="recovery-title">
      <h2 id="recovery-title" ref={heading} tabIndex={-1}>
        Save your recovery codes
      </h2>
      <p className="alert alert-warning">
        Multi-factor authentication is on. These codes are shown only now. Each one signs you in once if you lose your
        phone. Store them somewhere safe, such as a password manager.
      </p>
      <ol className="codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="row">
        <CopyButton text={codes.join('\n')} label="Copy codes" />
        {href && (
          <a className="button button-secondary" href={href} download="voxanne-recovery-codes.txt">
            Download .txt
          </a>
        )}
      </div>
      <div className="check">
        <input id={checkboxId} type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        <label htmlFor={checkboxId}>I have saved my recovery codes</label>
      </div>
      <button type="button" className="button button-primary" disabled={!saved} onClick={onDone}>
        Continue
      </button>
    </section>
  );
}
