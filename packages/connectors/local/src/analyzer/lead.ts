/**
 * Rule-based lead score. Every rule that fires adds its points and a reason a receptionist can
 * read, so the number is explainable: "65 = wants to book + new patient + named a service".
 */
import type { CallAnalysis, CallIntent, TranscriptTurn } from '@voxanne/connector-kit';
import { BOOKED_CONFIRMATIONS, URGENCY } from './lexicon.ts';
import { hasPhrase } from './text.ts';

type Parts = Pick<CallAnalysis, 'intent' | 'sentiment' | 'structured'>;

const INTENT_POINTS: Record<CallIntent, [number, string] | null> = {
  book_appointment: [40, 'Wants to book an appointment'],
  reschedule: [20, 'Rescheduling, so still an active patient'],
  question: [15, 'Asking about services'],
  billing: [5, 'Billing question from an existing patient'],
  other: null,
  cancel: [-15, 'Cancelling an appointment'],
  complaint: [-20, 'Called to complain'],
};

/** Where a call with no signals lands: unknown, not worthless. */
const BASE = 10;

export function scoreLead(turns: TranscriptTurn[], a: Parts): { leadScore: number; leadReasons: string[] } {
  const rules: [boolean, number, string][] = [];
  const byIntent = INTENT_POINTS[a.intent];
  if (byIntent) rules.push([true, ...byIntent]);
  const s = a.structured;
  rules.push([s.isNewPatient === true, 20, 'New patient']);
  rules.push([s.requestedService !== null, 10, `Asked for a specific service: ${s.requestedService}`]);
  rules.push([s.preferredTime !== null, 10, `Gave a preferred time: ${s.preferredTime}`]);
  rules.push([s.insuranceMentioned, 10, s.insuranceProvider ? `Mentioned insurance (${s.insuranceProvider})` : 'Mentioned insurance']);
  const caller = turns.filter((t) => t.role === 'caller').map((t) => t.text).join(' \n ');
  const agent = turns.filter((t) => t.role === 'agent').map((t) => t.text).join(' \n ');
  // A booking confirmed on the call is the strongest signal there is: the lead converted.
  rules.push([hasPhrase(agent, BOOKED_CONFIRMATIONS), 25, 'Booked on the call']);
  rules.push([hasPhrase(caller, URGENCY), 10, 'Sounds urgent']);
  rules.push([a.sentiment === 'positive', 5, 'Positive tone']);
  rules.push([a.sentiment === 'negative', -10, 'Negative tone']);

  let score = BASE;
  const reasons: string[] = [];
  for (const [fires, points, reason] of rules) {
    if (!fires) continue;
    score += points;
    reasons.push(reason);
  }
  return { leadScore: Math.max(0, Math.min(100, Math.round(score))), leadReasons: reasons };
}
