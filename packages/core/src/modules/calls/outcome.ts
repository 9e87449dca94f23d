/**
 * What a call achieved, from the tool calls it made and how it ended. What the agent did wins over how the
 * line dropped: a booking made before a pipeline error is still a booking. Rules, first match wins:
 *   booked                a book_appointment succeeded
 *   cancelled_appointment a cancel_appointment succeeded
 *   transferred           a transfer_call succeeded
 *   voicemail             ended reason mentions voicemail
 *   no_answer             customer-did-not-answer (and other "no answer" reasons)
 *   busy                  customer-busy
 *   failed                pipeline, provider and connection errors (error / failed / not-found ... in the reason)
 *   transferred           the vendor forwarded the call (assistant-forwarded-call)
 *   abandoned             the caller never spoke and the call lasted under ABANDONED_MAX_SECONDS
 *   information           the caller spoke: a conversation that changed nothing
 *   other                 anything else (e.g. a long silence)
 */
import type { components } from '../../generated/api.ts';

export type CallOutcome = components['schemas']['CallOutcome'];

export interface OutcomeInput {
  endedReason: string | null;
  /** The call's recorded tool calls (call_tool_calls). */
  toolCalls: readonly { name: string; ok: boolean }[];
  /** Turns spoken by the caller. */
  callerTurns: number;
  durationSeconds: number | null;
}

export const ABANDONED_MAX_SECONDS = 15;

const FAILED = /error|fail|fault|not-found|not-valid|invalid|unavailable|websocket|worker-shutdown|rejected|misdialed/;

export function deriveOutcome(input: OutcomeInput): CallOutcome {
  const succeeded = (name: string) => input.toolCalls.some((t) => t.ok && t.name === name);
  if (succeeded('book_appointment')) return 'booked';
  if (succeeded('cancel_appointment')) return 'cancelled_appointment';
  if (succeeded('transfer_call')) return 'transferred';

  const reason = (input.endedReason ?? '').toLowerCase();
  if (reason.includes('voicemail')) return 'voicemail';
  if (/did-not-answer|no-answer/.test(reason)) return 'no_answer';
  if (reason.includes('busy')) return 'busy';
  if (FAILED.test(reason)) return 'failed';
  if (/forward|transfer/.test(reason)) return 'transferred';

  if (input.callerTurns === 0) return (input.durationSeconds ?? 0) < ABANDONED_MAX_SECONDS ? 'abandoned' : 'other';
  return 'information';
}
