/**
 * LlmConnector for embedded mode and CI: no model, no network, no keys. Deterministic — the same
 * transcript always gives the same analysis — so call-pipeline tests can assert exact results.
 */
import { normalizeAnalyzeInput, parseCallAnalysis, type CallAnalysis, type LlmConnector } from '@voxanne/connector-kit';
import { extractStructured } from './extract.ts';
import { detectIntent } from './intent.ts';
import { scoreLead } from './lead.ts';
import { scoreSentiment } from './sentiment.ts';
import { summarize } from './summary.ts';

export const HEURISTIC_ANALYZER = 'heuristic';

/** The analysis itself, without the connector wrapper; exported for fakes of hosted models. */
export function analyzeTranscriptHeuristically(input: Parameters<LlmConnector['analyzeCall']>[0]): CallAnalysis {
  const turns = normalizeAnalyzeInput(input, HEURISTIC_ANALYZER);
  const { sentiment, sentimentScore } = scoreSentiment(turns);
  const structured = extractStructured(turns, input.context);
  // "I'd like a cleaning next Tuesday" names no booking verb, yet asking for a service at a time is a booking.
  const keywordIntent = detectIntent(turns);
  const intent = keywordIntent === 'other' && structured.requestedService !== null && structured.preferredTime !== null ? 'book_appointment' : keywordIntent;
  const lead = scoreLead(turns, { intent, sentiment, structured });
  // Through the same validator as vendor answers, so the two connectors cannot drift apart in shape.
  return parseCallAnalysis({ summary: summarize(turns, intent), sentiment, sentimentScore, intent, ...lead, structured }, HEURISTIC_ANALYZER);
}

export function createHeuristicAnalyzer(): LlmConnector {
  return {
    id: HEURISTIC_ANALYZER,
    async analyzeCall(input) {
      return analyzeTranscriptHeuristically(input);
    },
    async testConnection() {
      return { ok: true, detail: 'Local heuristic analyzer (no external service)' };
    },
  };
}
