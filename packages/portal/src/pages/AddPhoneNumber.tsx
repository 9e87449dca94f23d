import { useId, useRef, useState, type FormEvent } from 'react';
import { api, type Agent, type PhoneNumber } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { E164_HINT, e164Error } from '../lib/e164.ts';
import { leavingForSubmit } from '../lib/forms.ts';
import { useMutation } from '../lib/useMutation.ts';

type Source = 'twilio' | 'provider';

/** Import a Twilio number the clinic already has, or take a new one from the voice provider. */
export function AddPhoneNumber({ agents, onAdded }: { agents: Agent[]; onAdded(n: PhoneNumber): void }) {
  const id = useId();
  const [source, setSource] = useState<Source>('twilio');
  const [number, setNumber] = useState('');
  const [areaCode, setAreaCode] = useState('');
  const [name, setName] = useState('');
  const [agentId, setAgentId] = useState('');
  const [checkNumber, setCheckNumber] = useState(false);
  const { busy, error, run } = useMutation();
  const [status, setStatus] = useState<string | null>(null);
  const numberInput = useRef<HTMLInputElement>(null);

  const numberError = source === 'twilio' && checkNumber ? (number.trim() ? e164Error(number) : 'Enter the number to import.') : null;
  const areaError = source === 'provider' && areaCode && !/^[2-9]\d{2}$/.test(areaCode) ? 'Three digits, not starting with 0 or 1, e.g. 415.' : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCheckNumber(true);
    const invalid = source === 'twilio' ? (number.trim() ? e164Error(number) : 'missing') : areaError;
    if (invalid) {
      numberInput.current?.focus();
      return;
    }
    setStatus(null);
    await run(async () => {
      const created = await api.createPhoneNumber({
        source,
        ...(source === 'twilio' ? { number: number.trim() } : areaCode ? { area_code: areaCode } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(agentId ? { agent_id: agentId } : {}),
      });
      onAdded(created);
      setStatus(`${created.number} was added.`);
      setNumber('');
      setAreaCode('');
      setName('');
      setAgentId('');
      setCheckNumber(false);
    });
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add a number</h2>
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className="fieldset">
          <legend>Where the number comes from</legend>
          <div className="check">
            <input id={`${id}-twilio`} type="radio" name={`${id}-source`} checked={source === 'twilio'} onChange={() => setSource('twilio')} />
            <label htmlFor={`${id}-twilio`}>Import a Twilio number</label>
            <span className="field-hint">One your clinic already owns at Twilio</span>
          </div>
          <div className="check">
            <input id={`${id}-provider`} type="radio" name={`${id}-source`} checked={source === 'provider'} onChange={() => setSource('provider')} />
            <label htmlFor={`${id}-provider`}>Take a new number from the voice provider</label>
          </div>
        </fieldset>
        <div className="form-grid">
          {source === 'twilio' ? (
            <Field label="Phone number" hint={E164_HINT} error={numberError}>
              <input
                ref={numberInput}
                className="input input-phone"
                type="tel"
                inputMode="tel"
                autoComplete="off"
                placeholder="+15551234567"
                value={number}
                onChange={(e) => setNumber(e.target.value)}
                onBlur={(e) => number && !leavingForSubmit(e) && setCheckNumber(true)}
              />
            </Field>
          ) : (
            <Field label="Area code (optional)" hint="US area code, e.g. 415." error={areaError}>
              <input ref={numberInput} className="input input-phone" inputMode="numeric" maxLength={3} value={areaCode} onChange={(e) => setAreaCode(e.target.value)} />
            </Field>
          )}
          <Field label="Label (optional)" hint="e.g. Main line.">
            <input className="input" maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Answered by (optional)">
            <select className="select" value={agentId} onChange={(e) => setAgentId(e.target.value)}>
              <option value="">No agent yet</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {error != null && <ProblemAlert error={error} title="Could not add the number" />}
        <div className="row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Adding…' : source === 'twilio' ? 'Import number' : 'Get a number'}
          </button>
        </div>
      </form>
      <LiveStatus message={status} />
    </section>
  );
}
