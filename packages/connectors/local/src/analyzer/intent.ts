/**
 * Keyword intent from the caller's words. Each intent scores weight x matched phrases; ties go to
 * the order below, most specific first, because "reschedule" also contains booking talk and a
 * complaint about a bill is a complaint before it is a billing question.
 */
import type { CallIntent, TranscriptTurn } from '@voxanne/connector-kit';
import { INTENT_PHRASES } from './lexicon.ts';
import { phraseRegex } from './text.ts';

const PRIORITY: CallIntent[] = ['complaint', 'cancel', 'reschedule', 'billing', 'book_appointment', 'question'];

export function detectIntent(turns: TranscriptTurn[]): CallIntent {
  const text = turns.filter((t) => t.role === 'caller').map((t) => t.text).join(' \n ');
  let best: CallIntent = 'other';
  let bestScore = 0;
  for (const intent of PRIORITY) {
    const { phrases, weight } = INTENT_PHRASES[intent]!;
    const hits = phrases.filter((p) => phraseRegex(p).test(text)).length;
    // A bare question mark is weak evidence of a question, never enough to beat a real keyword.
    const score = hits * weight + (intent === 'question' && text.includes('?') ? 0.5 : 0);
    if (score > bestScore) {
      best = intent;
      bestScore = score;
    }
  }
  return best;
}
