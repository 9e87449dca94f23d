import { describe, expect, it } from 'vitest';
import { LLM_FIXTURES } from '@voxanne/connector-kit/testing';
import type { TranscriptTurn } from '@voxanne/connector-kit';
import { analyzeTranscriptHeuristically, createHeuristicAnalyzer } from '../src/index.ts';

const caller = (...texts: string[]): TranscriptTurn[] => texts.map((text) => ({ role: 'caller', text }));
const analyze = (turns: TranscriptTurn[], context?: { services?: string[] }) => analyzeTranscriptHeuristically({ transcript: turns, ...(context ? { context } : {}) });

describe('heuristic analyzer', () => {
  it('is deterministic', async () => {
    const a = createHeuristicAnalyzer();
    expect(await a.analyzeCall(LLM_FIXTURES.booking)).toEqual(await a.analyzeCall(LLM_FIXTURES.booking));
  });

  it('explains the booking score rule by rule', () => {
    const r = analyze(LLM_FIXTURES.booking.transcript, LLM_FIXTURES.booking.context);
    expect(r.leadReasons).toEqual([
      'Wants to book an appointment',
      'New patient',
      'Asked for a specific service: Teeth Cleaning',
      'Gave a preferred time: next Tuesday morning',
      'Mentioned insurance (Delta Dental)',
      'Booked on the call',
      'Positive tone',
    ]);
    expect(r.leadScore).toBe(100); // 10 + 40 + 20 + 10 + 10 + 10 + 25 + 5 = 130, capped
    expect(r.summary).toBe(
      'Booking request. Caller: "I\'m a new patient and I\'d like to book a teeth cleaning, next Tuesday morning if possible." Outcome: "You are booked for next Tuesday at 9 am."',
    );
  });

  it('reads a service asked for at a time as a booking, and a confirmed booking as a converted lead', () => {
    const r = analyze([
      { role: 'caller', text: "Hi, I'd like a cleaning next Tuesday morning" },
      { role: 'agent', text: "You're booked for Cleaning on Tuesday, December 1 at 9:00 AM." },
    ]);
    expect(r.intent).toBe('book_appointment');
    expect(r.leadReasons).toEqual(expect.arrayContaining(['Wants to book an appointment', 'Booked on the call']));
    const unbooked = analyze([{ role: 'caller', text: "Hi, I'd like a cleaning next Tuesday morning" }]);
    expect(unbooked.leadScore).toBeLessThan(r.leadScore);
  });

  it.each([
    ['negation flips sentiment', caller('The visit was not good at all.'), 'negative'],
    ['negated negative is mildly positive', caller("It wasn't bad, thanks."), 'positive'],
    ['intensifier', caller('I am really frustrated.'), 'negative'],
    ['no opinion', caller('I would like to know your hours.'), 'neutral'],
  ])('sentiment: %s', (_n, turns, expected) => {
    expect(analyze(turns).sentiment).toBe(expected);
  });

  it('ignores the agent for sentiment', () => {
    const r = analyze([{ role: 'agent', text: 'Great! Perfect! Wonderful!' }, { role: 'caller', text: 'I need my records.' }]);
    expect(r.sentiment).toBe('neutral');
    expect(r.sentimentScore).toBe(0);
  });

  it.each([
    ['I need to reschedule my appointment to a different day.', 'reschedule'],
    ['I have a question about my bill, I was charged twice.', 'billing'],
    ['Do you accept walk-ins? What are your hours?', 'question'],
    ['Can I book a cleaning?', 'book_appointment'],
    ['Please cancel my Thursday visit.', 'cancel'],
    ['The receptionist was rude and this is unacceptable.', 'complaint'],
    ['Hello, is this the right number?', 'question'],
    ['Hello.', 'other'],
  ])('intent of %j is %s', (text, intent) => {
    expect(analyze(caller(text)).intent).toBe(intent);
  });

  it('extracts structured fields, preferring the clinic spelling', () => {
    const s = analyze(caller("I'm an existing patient and need a root canal asap, tomorrow at 3 pm. I have Aetna."), { services: ['Root Canal Therapy', 'Root Canal'] }).structured;
    expect(s).toEqual({ requestedService: 'Root Canal', preferredTime: 'tomorrow at 3 pm', insuranceMentioned: true, insuranceProvider: 'Aetna', isNewPatient: false });
    const none = analyze(caller('Hello, just checking something.')).structured;
    expect(none).toEqual({ requestedService: null, preferredTime: null, insuranceMentioned: false, insuranceProvider: null, isNewPatient: null });
    expect(analyze(caller('Is my Ambetter insurance accepted?')).structured.insuranceProvider).toBe('Ambetter');
  });

  it('adds urgency and keeps the score within 0..100', () => {
    const urgent = analyze(caller("I'm a new patient, my tooth is broken and I'm in pain, can I book a cleaning today at 9 am? I have Cigna. Thank you so much, wonderful!"));
    expect(urgent.leadReasons).toContain('Sounds urgent');
    expect(urgent.leadScore).toBeLessThanOrEqual(100);
    const angry = analyze(caller('I want to cancel. This is the worst, terrible, unacceptable, rude service.'));
    expect(angry.leadScore).toBe(0);
  });
});
