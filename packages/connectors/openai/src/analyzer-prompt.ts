/** The prompt for post-call analysis. Kept apart from the transport so wording changes are reviewable on their own. */
import { renderTranscript, type AnalyzeCallContext, type TranscriptTurn } from '@voxanne/connector-kit';

export const ANALYZER_SYSTEM_PROMPT = [
  'You analyse phone calls between a healthcare clinic\'s AI receptionist ("agent") and a caller.',
  'Answer with JSON matching the schema. Judge sentiment and intent from the caller, not the agent.',
  'sentimentScore runs from -1 (very negative) through 0 (neutral) to 1 (very positive) and must agree with sentiment.',
  'leadScore runs from 0 to 100: how likely the caller becomes a booked, paying patient. Booking requests, new patients,',
  'a named service, a preferred time, insurance and urgency raise it; complaints and cancellations lower it.',
  'leadReasons are short phrases explaining the score. Use the clinic\'s own service names for requestedService when one fits.',
  'Use null for anything the call does not state. Never invent facts.',
].join(' ');

/**
 * Long calls are cut in the middle, keeping the opening (the request) and the end (the outcome):
 * the two parts analysis depends on, and a bound on tokens and cost.
 */
export function buildUserMessage(turns: TranscriptTurn[], context: AnalyzeCallContext | undefined, maxChars: number): string {
  let transcript = renderTranscript(turns);
  if (transcript.length > maxChars) {
    const half = Math.floor(maxChars / 2);
    transcript = `${transcript.slice(0, half)}\n[... ${transcript.length - 2 * half} characters omitted ...]\n${transcript.slice(-half)}`;
  }
  const lines: string[] = [];
  if (context?.clinicName) lines.push(`Clinic: ${context.clinicName}`);
  if (context?.services?.length) lines.push(`Services offered: ${context.services.join(', ')}`);
  lines.push('Transcript:', transcript);
  return lines.join('\n');
}
