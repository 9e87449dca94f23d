import { useId, type FocusEvent } from 'react';
import { Field } from '../components/Field.tsx';
import type { AfterHoursBehavior } from '../lib/agent-draft.ts';
import { E164_HINT } from '../lib/e164.ts';

const CHOICES: { value: AfterHoursBehavior; label: string; hint: string }[] = [
  { value: 'answer', label: 'Answer as usual', hint: 'The agent helps callers at any hour' },
  { value: 'take_message', label: 'Take a message', hint: 'The agent offers a callback' },
  { value: 'transfer', label: 'Transfer the call', hint: 'To an on-call number' },
];

interface Props {
  behavior: AfterHoursBehavior;
  message: string;
  transferTo: string;
  transferError?: string | undefined;
  onChange(patch: { after_hours?: AfterHoursBehavior; after_hours_message?: string; after_hours_transfer_to?: string }): void;
  onBlurTransfer(e: FocusEvent<HTMLElement>): void;
}

/** What happens outside business hours. */
export function AfterHours({ behavior, message, transferTo, transferError, onChange, onBlurTransfer }: Props) {
  const id = useId();
  return (
    <fieldset className="fieldset">
      <legend>After hours</legend>
      {CHOICES.map((c) => (
        <div className="check" key={c.value}>
          <input
            id={`${id}-${c.value}`}
            type="radio"
            name={`${id}-after-hours`}
            aria-describedby={`${id}-${c.value}-hint`}
            checked={behavior === c.value}
            onChange={() => onChange({ after_hours: c.value })}
          />
          <label htmlFor={`${id}-${c.value}`}>{c.label}</label>
          <span className="field-hint" id={`${id}-${c.value}-hint`}>
            {c.hint}
          </span>
        </div>
      ))}
      <Field label="After-hours message (optional)" hint="What the agent says when the clinic is closed.">
        <textarea className="input" rows={2} maxLength={1000} value={message} onChange={(e) => onChange({ after_hours_message: e.target.value })} />
      </Field>
      {behavior === 'transfer' && (
        <Field label="After-hours transfer number" hint={E164_HINT} error={transferError}>
          <input
            className="input input-phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            required
            placeholder="+15551234567"
            value={transferTo}
            onChange={(e) => onChange({ after_hours_transfer_to: e.target.value })}
            onBlur={onBlurTransfer}
          />
        </Field>
      )}
    </fieldset>
  );
}
