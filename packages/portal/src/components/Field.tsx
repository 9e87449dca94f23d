import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

type Control = ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;

/**
 * A labelled control with an optional hint and inline error. Hint and error sit outside the <label> and are
 * linked with aria-describedby, so the control's accessible name stays just the label ("Password", not the
 * hint too); an error also marks the control aria-invalid.
 */
export function Field({ label, hint, error, grow, children }: { label: string; hint?: ReactNode; error?: string | null; grow?: boolean; children: Control }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={grow ? 'field field-grow' : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {cloneElement(children, { id, 'aria-describedby': describedBy, ...(error ? { 'aria-invalid': true } : {}) })}
      {hint && (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
