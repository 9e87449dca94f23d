import type { ConsentStatus } from '../api.ts';

export const CONSENT: { value: ConsentStatus; label: string; tone: string; hint: string }[] = [
  { value: 'unknown', label: 'Unknown', tone: 'badge-muted', hint: 'May be called back; campaigns skip them.' },
  { value: 'granted', label: 'Granted', tone: 'badge-success', hint: 'Agreed to be called, campaigns included.' },
  { value: 'revoked', label: 'Revoked', tone: 'badge-danger', hint: 'Never called.' },
];

export const consentOf = (c: ConsentStatus) => CONSENT.find((x) => x.value === c) ?? { value: c, label: c, tone: 'badge-muted', hint: '' };

/** The API's ContactTag pattern: lowercase letters, digits, dash and underscore, 1–40 characters. */
const TAG = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const MAX_TAGS = 20;

/** "VIP, recall" -> ["vip", "recall"], or the reason it cannot be sent. */
export function parseTags(text: string): { tags: string[]; error: string | null } {
  const tags = [...new Set(text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];
  const bad = tags.find((t) => !TAG.test(t));
  if (bad) return { tags, error: `“${bad}” is not a valid tag: use lowercase letters, digits, - and _ (up to 40 characters).` };
  if (tags.length > MAX_TAGS) return { tags, error: `At most ${MAX_TAGS} tags.` };
  return { tags, error: null };
}
