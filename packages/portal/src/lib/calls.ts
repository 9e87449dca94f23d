/**
 * How calls read in the portal: labels and badge tones for the API's enums, durations, and the per-day
 * counts behind the calls chart. Pages import from here so a call looks the same everywhere.
 */
import type { CallDirection, CallListItem, CallOutcome, CallSentiment, CallStatus } from '../api.ts';
import { localDay } from './format.ts';

export const OUTCOMES: { value: CallOutcome; label: string; tone: string }[] = [
  { value: 'booked', label: 'Booked', tone: 'badge-success' },
  { value: 'cancelled_appointment', label: 'Cancelled appointment', tone: 'badge-warning' },
  { value: 'transferred', label: 'Transferred', tone: 'badge-info' },
  { value: 'information', label: 'Information', tone: 'badge-info' },
  { value: 'voicemail', label: 'Voicemail', tone: 'badge-muted' },
  { value: 'no_answer', label: 'No answer', tone: 'badge-muted' },
  { value: 'busy', label: 'Busy', tone: 'badge-muted' },
  { value: 'failed', label: 'Failed', tone: 'badge-danger' },
  { value: 'abandoned', label: 'Abandoned', tone: 'badge-warning' },
  { value: 'other', label: 'Other', tone: 'badge-muted' },
];

export const SENTIMENTS: { value: CallSentiment; label: string; tone: string }[] = [
  { value: 'positive', label: 'Positive', tone: 'badge-success' },
  { value: 'neutral', label: 'Neutral', tone: 'badge-muted' },
  { value: 'negative', label: 'Negative', tone: 'badge-danger' },
];

export const DIRECTIONS: { value: CallDirection; label: string }[] = [
  { value: 'inbound', label: 'Inbound' },
  { value: 'outbound', label: 'Outbound' },
  { value: 'web', label: 'Web' },
  { value: 'unknown', label: 'Unknown' },
];

const STATUS: Record<CallStatus, { label: string; tone: string }> = {
  scheduled: { label: 'Scheduled', tone: 'badge-muted' },
  queued: { label: 'Queued', tone: 'badge-muted' },
  ringing: { label: 'Ringing', tone: 'badge-info' },
  'in-progress': { label: 'In progress', tone: 'badge-info' },
  forwarding: { label: 'Forwarding', tone: 'badge-info' },
  ended: { label: 'Ended', tone: 'badge-success' },
  failed: { label: 'Failed', tone: 'badge-danger' },
  cancelled: { label: 'Cancelled', tone: 'badge-muted' },
};

export const outcomeOf = (o: CallOutcome) => OUTCOMES.find((x) => x.value === o) ?? { value: o, label: o, tone: 'badge-muted' };
export const sentimentOf = (s: CallSentiment) => SENTIMENTS.find((x) => x.value === s) ?? { value: s, label: s, tone: 'badge-muted' };
export const directionLabel = (d: CallDirection) => DIRECTIONS.find((x) => x.value === d)?.label ?? d;
export const statusOf = (s: CallStatus) => STATUS[s] ?? { label: s, tone: 'badge-muted' };

/** Still changing: the live views keep polling until a call is in one of the other states. */
export const isLive = (s: CallStatus) => s === 'scheduled' || s === 'queued' || s === 'ringing' || s === 'in-progress' || s === 'forwarding';

/** 75 -> "1:15"; null -> "—". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Who the clinic talked to: the caller of an inbound call, the callee of an outbound one. */
export const counterpart = (c: Pick<CallListItem, 'direction' | 'from_number' | 'to_number'>) => (c.direction === 'outbound' ? c.to_number : c.from_number) ?? '—';

/** Lead score as words and a tone, for badges next to the number. */
export function leadTone(score: number | null | undefined): string {
  if (score == null) return 'badge-muted';
  return score >= 70 ? 'badge-success' : score >= 40 ? 'badge-warning' : 'badge-muted';
}

export interface DayOutcomes {
  day: string;
  counts: Partial<Record<CallOutcome | 'none', number>>;
}

/** Calls per local day (oldest first), split by outcome; calls without an outcome yet count as `none`. */
export function callsPerDay(calls: Pick<CallListItem, 'created_at' | 'outcome'>[]): DayOutcomes[] {
  const days = new Map<string, DayOutcomes>();
  for (const c of calls) {
    const day = localDay(c.created_at);
    const entry = days.get(day) ?? { day, counts: {} };
    const key = c.outcome ?? 'none';
    entry.counts[key] = (entry.counts[key] ?? 0) + 1;
    days.set(day, entry);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}
