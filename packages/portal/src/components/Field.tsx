import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

type Control = ReactElement<{ id?: string; 'aria-describedby'?: string }>;

/**
 * A labelled control with an optional hint. The hint sits outside the <label> and is linked with
 * aria-describedby, so the control's accessible name stays just the label ("Password", not the hint too).
 */
export function Field({ label, hint, grow, children }: { label: string; hint?: ReactNode; grow?: boolean; children: Control }) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={grow ? 'field field-grow' : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {cloneElement(children, { id, 'aria-describedby': hint ? hintId : undefined })}
      {hint && (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}
