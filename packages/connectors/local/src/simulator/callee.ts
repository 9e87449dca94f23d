/**
 * Who picks up an outbound simulated call. Like Twilio's magic test numbers, the outcome is chosen
 * by the callee's number, so a test or a demo gets the case it wants by dialling it:
 *
 *   ...0001  never answers          -> endedReason 'customer-did-not-answer'
 *   ...0002  is busy                -> endedReason 'customer-busy'
 *   ...0003  goes to voicemail      -> the assistant leaves its voicemailMessage, endedReason 'voicemail'
 *   anything else answers and follows DEFAULT_CALLEE_SCRIPT (books the first morning slot offered).
 */

export type SimulatedCallee =
  | { kind: 'no-answer' }
  | { kind: 'busy' }
  | { kind: 'voicemail' }
  | { kind: 'answers'; turns: readonly string[] };

export const CALLEE_NO_ANSWER_SUFFIX = '0001';
export const CALLEE_BUSY_SUFFIX = '0002';
export const CALLEE_VOICEMAIL_SUFFIX = '0003';

/** What an answering callee says, one line per turn; it accepts the first slot offered, then hangs up. */
export const DEFAULT_CALLEE_SCRIPT: readonly string[] = [
  'Hi, this is Sam.',
  'Sure, I could come in for a cleaning next week, a morning works.',
  'The first one works, thanks.',
  'Bye.',
];

export function simulatedCallee(customerNumber: string): SimulatedCallee {
  const last4 = customerNumber.replace(/\D/g, '').slice(-4);
  if (last4 === CALLEE_NO_ANSWER_SUFFIX) return { kind: 'no-answer' };
  if (last4 === CALLEE_BUSY_SUFFIX) return { kind: 'busy' };
  if (last4 === CALLEE_VOICEMAIL_SUFFIX) return { kind: 'voicemail' };
  return { kind: 'answers', turns: DEFAULT_CALLEE_SCRIPT };
}
