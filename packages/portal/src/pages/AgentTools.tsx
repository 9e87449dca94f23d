import { useId, type FocusEvent } from 'react';
import { Field } from '../components/Field.tsx';
import { TOOLS, type ToolType } from '../lib/agent-draft.ts';
import { E164_HINT } from '../lib/e164.ts';

interface Props {
  tools: Record<ToolType, boolean>;
  destination: string;
  destinationError?: string | undefined;
  onToggle(type: ToolType, on: boolean): void;
  onDestination(value: string): void;
  onBlurDestination(e: FocusEvent<HTMLElement>): void;
}

/** A checkbox per tool; transferring calls needs to know where to, so that tool brings its own field. */
export function AgentTools({ tools, destination, destinationError, onToggle, onDestination, onBlurDestination }: Props) {
  const id = useId();
  return (
    <fieldset className="fieldset">
      <legend>Tools the agent may use</legend>
      {TOOLS.map((t) => (
        <div className="check" key={t.type}>
          <input
            id={`${id}-${t.type}`}
            type="checkbox"
            aria-describedby={`${id}-${t.type}-hint`}
            checked={tools[t.type]}
            onChange={(e) => onToggle(t.type, e.target.checked)}
          />
          <label htmlFor={`${id}-${t.type}`}>{t.label}</label>
          <span className="field-hint" id={`${id}-${t.type}-hint`}>
            {t.hint}
          </span>
        </div>
      ))}
      {tools.transfer_call && (
        <Field label="Transfer destination" hint={E164_HINT} error={destinationError}>
          <input
            className="input input-phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            required
            placeholder="+15551234567"
            value={destination}
            onChange={(e) => onDestination(e.target.value)}
            onBlur={onBlurDestination}
          />
        </Field>
      )}
    </fieldset>
  );
}
