import { describe, expect, it } from 'vitest';
import { ABANDONED_MAX_SECONDS, deriveOutcome, type OutcomeInput } from '../../src/modules/calls/outcome.ts';

const base: OutcomeInput = { endedReason: 'customer-ended-call', toolCalls: [], callerTurns: 3, durationSeconds: 90 };
const outcome = (o: Partial<OutcomeInput>) => deriveOutcome({ ...base, ...o });

describe('deriveOutcome', () => {
  it('takes what the agent achieved first, even when the line then failed', () => {
    expect(outcome({ toolCalls: [{ name: 'check_availability', ok: true }, { name: 'book_appointment', ok: true }], endedReason: 'pipeline-error-openai-llm-failed' })).toBe('booked');
    expect(outcome({ toolCalls: [{ name: 'cancel_appointment', ok: true }] })).toBe('cancelled_appointment');
    expect(outcome({ toolCalls: [{ name: 'transfer_call', ok: true }] })).toBe('transferred');
    // Both a cancel and a new booking: the booking is what the clinic gained.
    expect(outcome({ toolCalls: [{ name: 'cancel_appointment', ok: true }, { name: 'book_appointment', ok: true }] })).toBe('booked');
  });

  it('ignores tool calls that failed', () => {
    expect(outcome({ toolCalls: [{ name: 'book_appointment', ok: false }] })).toBe('information');
    expect(outcome({ toolCalls: [{ name: 'transfer_call', ok: false }], endedReason: 'customer-ended-call' })).toBe('information');
  });

  it('reads how the call ended', () => {
    expect(outcome({ endedReason: 'voicemail', callerTurns: 0 })).toBe('voicemail');
    expect(outcome({ endedReason: 'customer-did-not-answer', callerTurns: 0, durationSeconds: 0 })).toBe('no_answer');
    expect(outcome({ endedReason: 'customer-busy', callerTurns: 0 })).toBe('busy');
    expect(outcome({ endedReason: 'twilio-failed-to-connect-call', callerTurns: 0 })).toBe('failed');
    expect(outcome({ endedReason: 'pipeline-error-openai-llm-failed' })).toBe('failed');
    expect(outcome({ endedReason: 'call.in-progress.error-vapifault-transport-connected-but-call-not-active' })).toBe('failed');
    expect(outcome({ endedReason: 'assistant-forwarded-call' })).toBe('transferred');
  });

  it('calls a short call in which the caller never spoke abandoned, a conversation information', () => {
    expect(outcome({ callerTurns: 0, durationSeconds: 4 })).toBe('abandoned');
    expect(outcome({ callerTurns: 0, durationSeconds: null })).toBe('abandoned');
    expect(outcome({ callerTurns: 0, durationSeconds: ABANDONED_MAX_SECONDS })).toBe('other');
    expect(outcome({ callerTurns: 0, durationSeconds: 120, endedReason: 'silence-timed-out' })).toBe('other');
    expect(outcome({ callerTurns: 1, durationSeconds: 4 })).toBe('information');
    expect(outcome({ endedReason: null })).toBe('information');
  });
});
