import { describe, expect, it } from 'vitest';
import { redactLiveTurn, redactTurns, reportTurns, toTurns, turnsFromText } from '../../src/modules/calls/transcript.ts';
import { inboxDedupeKey } from '../../src/modules/calls/inbox.ts';
import { callRef, report } from './voice-inbox.support.ts';

describe('stored transcript turns', () => {
  it('maps vendor roles to speakers and drops the leading prompt and empty messages', () => {
    expect(
      toTurns([
        { role: 'system', text: 'You are the receptionist.', secondsFromStart: 0 },
        { role: 'assistant', text: 'Hello!', secondsFromStart: 0.4 },
        { role: 'user', text: '  ', secondsFromStart: 1 },
        { role: 'user', text: 'Hi.', secondsFromStart: 1.5 },
        { role: 'tool', text: 'check_availability({"date":"2026-03-11"})', secondsFromStart: 2 },
        { role: 'system', text: 'Call transferred.', secondsFromStart: 3 },
      ]),
    ).toEqual([
      { role: 'agent', text: 'Hello!', seconds_from_start: 0.4 },
      { role: 'caller', text: 'Hi.', seconds_from_start: 1.5 },
      { role: 'tool', text: 'check_availability({"date":"2026-03-11"})', seconds_from_start: 2 },
      { role: 'system', text: 'Call transferred.', seconds_from_start: 3 },
    ]);
  });

  it('reads a text-only transcript when the report has no messages', () => {
    expect(turnsFromText('AI: Hi, thanks for calling.\nUser: I need a cleaning\nnext Tuesday.\nAI: Sure.')).toEqual([
      { role: 'agent', text: 'Hi, thanks for calling.', seconds_from_start: null },
      { role: 'caller', text: 'I need a cleaning\nnext Tuesday.', seconds_from_start: null },
      { role: 'agent', text: 'Sure.', seconds_from_start: null },
    ]);
    expect(turnsFromText('no speaker labels at all')).toEqual([{ role: 'system', text: 'no speaker labels at all', seconds_from_start: null }]);
    expect(reportTurns([], 'User: Hello')).toEqual([{ role: 'caller', text: 'Hello', seconds_from_start: null }]);
    expect(reportTurns([{ role: 'user', text: 'From messages', secondsFromStart: 1 }], 'User: From text')).toEqual([{ role: 'caller', text: 'From messages', seconds_from_start: 1 }]);
  });

  it('reads a text transcript of 1 MB of continuation lines in one pass (issue #10)', () => {
    // Appending line by line copied the growing turn each time: this did not finish before the fix.
    const turns = turnsFromText(`AI: Hello\n${'and more\n'.repeat(128 * 1024)}User: Bye`);
    expect(turns.map((t) => t.role)).toEqual(['agent', 'caller']);
    expect(turns[0]!.text).toBe(['Hello', ...Array<string>(128 * 1024).fill('and more')].join('\n'));
  });

  it('joins continuation lines as before: trimmed, empty ones and empty openings dropped', () => {
    expect(turnsFromText('User:   \n  first\n\n  second  \nAI:\nAgent: ok\n  tail')).toEqual([
      { role: 'caller', text: 'first\nsecond', seconds_from_start: null },
      { role: 'agent', text: 'ok\ntail', seconds_from_start: null },
    ]);
  });

  it('redacts turn by turn with the previous turn as the label', () => {
    const turns = redactTurns([
      { role: 'agent', text: "What's your member ID?", seconds_from_start: 1 },
      { role: 'caller', text: "It's 48213377.", seconds_from_start: 3 },
      { role: 'caller', text: 'Card 4111 1111 1111 1111, SSN 123-45-6789.', seconds_from_start: 5 },
    ]);
    expect(turns.map((x) => x.text)).toEqual(["What's your member ID?", "It's [MEMBER_ID].", 'Card [CARD], SSN [SSN].']);
    expect(redactLiveTurn({ role: 'caller', text: "It's 48213377.", seconds_from_start: null }, { role: 'agent', text: "What's your member ID?", seconds_from_start: null }).text).toBe("It's [MEMBER_ID].");
  });
});

describe('inbox dedupe keys', () => {
  it('keys reports by call, status changes by call and status, anything else by its bytes', () => {
    const c = callRef('vapi-call-1');
    expect(inboxDedupeKey(report(c), '{"a":1}')).toBe('end-of-call-report:vapi-call-1');
    expect(inboxDedupeKey(report(c), '{"a":2}')).toBe('end-of-call-report:vapi-call-1');
    expect(inboxDedupeKey({ type: 'status-update', call: c, timestamp: null, status: 'ringing', endedReason: null }, '{}')).toBe('status:vapi-call-1:ringing');
    const hang = inboxDedupeKey({ type: 'hang', call: c, timestamp: null }, '{"b":1}');
    expect(hang).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(inboxDedupeKey({ type: 'hang', call: c, timestamp: null }, '{"b":2}')).not.toBe(hang);
    // Without a vendor call id there is nothing to key on but the bytes.
    expect(inboxDedupeKey(report(callRef(null as unknown as string)), '{"a":1}')).toMatch(/^sha256:/);
  });
});
