import { useId } from 'react';
import { DAYS, hoursRow, type Day, type HoursRow } from '../lib/agent-draft.ts';

interface Props {
  rows: HoursRow[];
  /** Default "Business hours". */
  legend?: string;
  /** What an empty schedule means (default: the agent treats the clinic as always open). */
  emptyText?: string;
  error?: string | undefined;
  onChange(rows: HoursRow[]): void;
}

const WEEKDAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/**
 * The weekly schedule: per day, any number of opening spans (a lunch break is two spans). Times are read
 * in the agent's timezone. A closing time of 00:00 means midnight (a time input cannot show 24:00); no
 * hours at all means always open.
 */
export function BusinessHours({ rows, legend = 'Business hours', emptyText = 'No hours set: the agent treats the clinic as always open.', error, onChange }: Props) {
  const hintId = `${useId()}-hint`;
  const update = (key: number, patch: Partial<HoursRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="fieldset" aria-describedby={hintId}>
      <legend>{legend}</legend>
      <p className="field-hint" id={hintId}>
        {rows.length === 0
          ? emptyText
          : 'Days without hours are closed. A closing time of 00:00 (12:00 AM) means midnight.'}
      </p>
      {rows.length === 0 && (
        <div>
          <button type="button" className="button button-secondary" onClick={() => onChange(WEEKDAYS.map((d) => hoursRow(d)))}>
            Set Monday–Friday, 9:00–17:00
          </button>
        </div>
      )}
      <ul className="hours">
        {DAYS.map(({ day, label }) => {
          const spans = rows.filter((r) => r.day === day);
          return (
            <li key={day} className="hours-day">
              <span className="hours-label">{label}</span>
              <div className="hours-spans">
                {spans.length === 0 && <span className="field-hint">Closed</span>}
                {spans.map((r) => (
                  <div key={r.key} className="hours-span">
                    <label className="sr-only" htmlFor={`hours-${r.key}-start`}>
                      {label} opens
                    </label>
                    <input id={`hours-${r.key}-start`} className="input input-time" type="time" required value={r.start} onChange={(e) => update(r.key, { start: e.target.value })} />
                    <span aria-hidden="true">–</span>
                    <label className="sr-only" htmlFor={`hours-${r.key}-end`}>
                      {label} closes
                    </label>
                    <input id={`hours-${r.key}-end`} className="input input-time" type="time" required value={r.end} onChange={(e) => update(r.key, { end: e.target.value })} />
                    <button type="button" className="button button-danger-ghost" onClick={() => onChange(rows.filter((x) => x.key !== r.key))}>
                      Remove<span className="sr-only"> {label} {r.start}–{r.end}</span>
                    </button>
                  </div>
                ))}
              </div>
              <button type="button" className="button button-ghost button-small" onClick={() => onChange([...rows, hoursRow(day)])}>
                Add hours<span className="sr-only"> on {label}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
