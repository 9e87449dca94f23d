/**
 * Extractive summary: the caller's first real request and the agent's last outcome sentence, quoted
 * from the call. Extractive on purpose — it cannot invent facts — and deterministic.
 */
import type { CallIntent, TranscriptTurn } from '@voxanne/connector-kit';
import { sentences, words } from './text.ts';

const OUTCOME = /\b(booked|confirmed|scheduled|all set|cancel(?:l)?ed|rescheduled|moved|sent|transferr?(?:ing|ed)?|call you back|pass (?:this|that|it) on|see you|reminder)\b/i;
const GREETING = /^(hi|hello|hey|yes|yeah|no|ok|okay|sure|good (?:morning|afternoon|evening)|thanks?|thank you)\b[\s,.!]*$/i;
const MAX_QUOTE = 200;

const INTENT_LABEL: Record<CallIntent, string> = {
  book_appointment: 'Booking request',
  reschedule: 'Reschedule request',
  cancel: 'Cancellation',
  question: 'Question',
  complaint: 'Complaint',
  billing: 'Billing question',
  other: 'Call',
};

export function summarize(turns: TranscriptTurn[], intent: CallIntent): string {
  const request = firstRequest(turns);
  const outcome = lastOutcome(turns);
  const parts = [`${INTENT_LABEL[intent]}.`];
  parts.push(request ? `Caller: "${clip(request)}"` : 'The caller said nothing substantive.');
  parts.push(outcome ? `Outcome: "${clip(outcome)}"` : 'No outcome was stated.');
  return parts.join(' ');
}

/** First caller sentence with some content: greetings and one-word answers are skipped. */
function firstRequest(turns: TranscriptTurn[]): string | null {
  for (const t of turns) {
    if (t.role !== 'caller') continue;
    for (const s of sentences(t.text)) {
      if (!GREETING.test(s) && words(s).length >= 3) return s;
    }
  }
  return null;
}

/** Last agent sentence that states a result; failing that, the agent's last sentence. */
function lastOutcome(turns: TranscriptTurn[]): string | null {
  const agent = turns.filter((t) => t.role === 'agent').flatMap((t) => sentences(t.text));
  for (let i = agent.length - 1; i >= 0; i--) if (OUTCOME.test(agent[i]!)) return agent[i]!;
  return agent.at(-1) ?? null;
}

function clip(s: string): string {
  return s.length <= MAX_QUOTE ? s : `${s.slice(0, MAX_QUOTE - 1).trimEnd()}…`;
}
