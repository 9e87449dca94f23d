/**
 * Lexicon sentiment over the caller's words only: the agent is scripted to sound pleased
 * ("Great! Perfect!") on every call, so counting it would make every call look positive.
 */
import type { CallSentiment, TranscriptTurn } from '@voxanne/connector-kit';
import { INTENSIFIERS, NEGATORS, VALENCE } from './lexicon.ts';
import { words } from './text.ts';

/** How far back a negator reaches ("not very happy" = 2 words back). */
const NEGATION_WINDOW = 3;
/** VADER's damping for a negated word: "not good" is mildly negative, not the opposite of "good". */
const NEGATION_FACTOR = -0.74;
/** VADER's normalisation constant: maps an unbounded sum into -1..1, approaching the ends slowly. */
const ALPHA = 15;
/** Below this magnitude a call reads as neutral. */
const NEUTRAL_BAND = 0.05;

export function scoreSentiment(turns: TranscriptTurn[]): { sentiment: CallSentiment; sentimentScore: number } {
  let sum = 0;
  for (const turn of turns) {
    if (turn.role !== 'caller') continue;
    const ws = words(turn.text);
    ws.forEach((w, i) => {
      const base = VALENCE[w];
      if (base === undefined) return;
      let v = base;
      const prev = ws[i - 1];
      if (prev && INTENSIFIERS[prev]) v *= INTENSIFIERS[prev]!;
      for (let k = Math.max(0, i - NEGATION_WINDOW); k < i; k++) {
        if (NEGATORS.has(ws[k]!)) {
          v *= NEGATION_FACTOR;
          break;
        }
      }
      sum += v;
    });
  }
  const score = Math.round((sum / Math.sqrt(sum * sum + ALPHA)) * 1000) / 1000;
  const sentiment: CallSentiment = score > NEUTRAL_BAND ? 'positive' : score < -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { sentiment, sentimentScore: score };
}
