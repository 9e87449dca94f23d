/** Emails, street addresses, dates of birth and labelled alphanumeric ids. */
import { findAddresses } from './address.ts';
import type { CueIndex } from './cues.ts';
import { findBirthDates } from './dates.ts';
import { findEmails, findSpokenEmails } from './emails.ts';
import { findLabelledIds } from './labelled-ids.ts';
import type { PhiFinding } from './types.ts';

export function detectText(text: string, cues: CueIndex): PhiFinding[] {
  const out: PhiFinding[] = [];
  for (const s of findEmails(text)) out.push({ kind: 'EMAIL', start: s.start, end: s.end });
  for (const s of findSpokenEmails(text)) out.push({ kind: 'EMAIL', start: s.start, end: s.end });
  for (const s of findAddresses(text)) out.push({ kind: 'ADDRESS', start: s.start, end: s.end });
  for (const s of findBirthDates(text, cues)) out.push({ kind: 'DOB', start: s.start, end: s.end });
  for (const s of findLabelledIds(text)) out.push(s);
  return out;
}
