import { useState, type FormEvent } from 'react';
import type { ConsentStatus, Contact, ContactPatch, NewContact } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { CONSENT, parseTags } from '../lib/contacts.ts';
import { E164_HINT, e164Error } from '../lib/e164.ts';
import { leavingForSubmit } from '../lib/forms.ts';
import { timezoneOptions } from '../lib/timezones.ts';
import { useMutation } from '../lib/useMutation.ts';

interface Props {
  /** null: a new contact (the phone number is asked for); otherwise the one being edited. */
  contact: Contact | null;
  submitLabel: string;
  onSubmit(body: NewContact | ContactPatch): Promise<void>;
  onCancel?: () => void;
}

/** Name, phone (new contacts only), time zone, tags and consent. */
export function ContactForm({ contact, submitLabel, onSubmit, onCancel }: Props) {
  const [phone, setPhone] = useState('');
  const [name, setName] = useState(contact?.name ?? '');
  const [timezone, setTimezone] = useState(contact?.timezone ?? '');
  const [tags, setTags] = useState(contact?.tags.join(', ') ?? '');
  const [consent, setConsent] = useState<ConsentStatus>(contact?.consent_status ?? 'unknown');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [tagsError, setTagsError] = useState<string | null>(null);
  const { busy, error, run } = useMutation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const pe = contact ? null : phone.trim() ? e164Error(phone) : 'Enter the phone number.';
    const parsed = parseTags(tags);
    setPhoneError(pe);
    setTagsError(parsed.error);
    if (pe || parsed.error) return;
    const common = { name: name.trim() || null, timezone: timezone || null, tags: parsed.tags, consent_status: consent };
    await run(async () => {
      await onSubmit(contact ? common : { phone: phone.trim(), ...common });
    });
  };

  return (
    <form className="form subform" onSubmit={submit} noValidate aria-label={contact ? `Edit ${contact.name ?? contact.phone}` : 'New contact'}>
      <div className="form-grid">
        {!contact && (
          <Field label="Phone number" hint={E164_HINT} error={phoneError}>
            <input
              className="input input-phone"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              placeholder="+15551234567"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              onBlur={(e) => !leavingForSubmit(e) && setPhoneError(phone.trim() ? e164Error(phone) : null)}
            />
          </Field>
        )}
        <Field label="Name" hint="Optional.">
          <input className="input" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Time zone" hint="Campaigns respect quiet hours in it; empty uses the campaign’s default.">
          <select className="select" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
            <option value="">Not set</option>
            {timezoneOptions(timezone).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tags" hint="Comma-separated, e.g. recall, vip." error={tagsError}>
          <input className="input" value={tags} onChange={(e) => setTags(e.target.value)} />
        </Field>
        <Field label="Consent to be called" hint={CONSENT.find((c) => c.value === consent)?.hint}>
          <select className="select" value={consent} onChange={(e) => setConsent(e.target.value as ConsentStatus)}>
            {CONSENT.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {error != null && <ProblemAlert error={error} title={contact ? 'Could not save the contact' : 'Could not add the contact'} />}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
