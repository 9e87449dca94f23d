import type { QuietHours } from '../api.ts';
import { Field } from './Field.tsx';

/** No outbound calls from `start` to `end` in each contact's own time; a window may wrap midnight. */
export function QuietHoursFields({ value, disabled, onChange }: { value: QuietHours; disabled?: boolean; onChange(q: QuietHours): void }) {
  return (
    <fieldset className="fieldset">
      <legend>Quiet hours</legend>
      <p className="field-hint">No calls between these times in the contact’s own time zone, e.g. 20:00 to 09:00.</p>
      <div className="row">
        <Field label="Quiet from">
          <input className="input input-time" type="time" required disabled={disabled} value={value.start} onChange={(e) => onChange({ ...value, start: e.target.value })} />
        </Field>
        <Field label="Quiet until">
          <input className="input input-time" type="time" required disabled={disabled} value={value.end} onChange={(e) => onChange({ ...value, end: e.target.value })} />
        </Field>
      </div>
    </fieldset>
  );
}
