import { useEffect, useRef, type ReactNode } from 'react';
import { CopyButton } from './CopyButton.tsx';
import { Field } from './Field.tsx';

interface Props {
  title: string;
  label: string;
  value: string;
  warning: ReactNode;
  children?: ReactNode;
  doneLabel?: string;
  onDone(): void;
}

/** A secret the server shows exactly once (API key, invite link): copy it now or lose it. */
export function SecretReveal({ title, label, value, warning, children, doneLabel = 'Done, I have saved it', onDone }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Move focus here so keyboard and screen-reader users land on the secret rather than the form above.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card secret" aria-labelledby="secret-title">
      <h2 id="secret-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p className="alert alert-warning">{warning}</p>
      <Field label={label}>
        <input className="input mono" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      </Field>
      <div className="row">
        <CopyButton text={value} />
      </div>
      {children}
      <div className="row">
        <button type="button" className="button button-primary" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </section>
  );
}
