/**
 * The behaviour every LlmConnector (call analyzer) must have. The suite asserts on real outputs for
 * fixed transcripts — a constant answer cannot pass it — but only on facts any competent analyzer,
 * hosted model or heuristic, agrees on: the obvious intent, the sign of the sentiment, the service
 * and insurer the caller named, and that a booking call scores above a complaint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from './rejection.ts';
import { CALL_INTENTS, CALL_SENTIMENTS, parseCallAnalysis, type AnalyzeCallInput, type CallAnalysis, type LlmConnector } from '../llm.ts';

export interface LlmConformanceContext {
  connector: LlmConnector;
  withBadCredentials?: () => { connector: LlmConnector; apiKey: string };
  failNext?: (status: number, times?: number) => void;
  /** The next vendor answer is 2xx but unusable: valid JSON of the wrong shape, or not JSON at all. */
  malformNext?: (kind: 'wrong_shape' | 'not_json') => void;
  teardown(): Promise<void>;
}

/** Declared by the caller because a suite must know its test list before setup runs. */
export interface LlmConformanceCapabilities {
  credentials: boolean;
  vendorFailures: boolean;
  malformedAnswers: boolean;
}

const CLINIC = { clinicName: 'Bright Smiles Dental', services: ['Teeth Cleaning', 'Whitening', 'Root Canal'] };

/** Fixed calls, exported so connector tests can reuse them. */
export const LLM_FIXTURES = {
  booking: {
    context: CLINIC,
    transcript: [
      { role: 'agent', text: 'Thanks for calling Bright Smiles Dental, how can I help you today?' },
      { role: 'caller', text: "Hi! I'm a new patient and I'd like to book a teeth cleaning, next Tuesday morning if possible." },
      { role: 'agent', text: 'Of course. Do you have dental insurance?' },
      { role: 'caller', text: 'Yes, I have Delta Dental.' },
      { role: 'agent', text: 'Great, we take Delta Dental. You are booked for next Tuesday at 9 am.' },
      { role: 'caller', text: 'Perfect, thank you so much, that is wonderful!' },
    ],
  },
  complaint: {
    context: CLINIC,
    transcript: [
      { role: 'agent', text: 'Bright Smiles Dental, how can I help?' },
      { role: 'caller', text: 'I want to make a complaint. I waited an hour last week and the receptionist was rude to me.' },
      { role: 'agent', text: "I'm sorry to hear that. I will pass this on to the office manager." },
      { role: 'caller', text: 'This is unacceptable and I am really frustrated. Nobody called me back. Terrible service.' },
    ],
  },
  cancel: {
    context: CLINIC,
    transcript: [
      { role: 'agent', text: 'Bright Smiles Dental, how can I help?' },
      { role: 'caller', text: 'I need to cancel my appointment on Friday, please.' },
      { role: 'agent', text: 'No problem, your Friday appointment is cancelled.' },
      { role: 'caller', text: 'Okay, thanks.' },
    ],
  },
} satisfies Record<string, AnalyzeCallInput>;


function expectWellFormed(a: CallAnalysis, id: string): void {
  // The connector's own output must survive the validator unchanged: no extra keys, no NaN, integer score.
  expect(parseCallAnalysis(a, id)).toEqual(a);
  expect(CALL_SENTIMENTS).toContain(a.sentiment);
  expect(CALL_INTENTS).toContain(a.intent);
  expect(Number.isInteger(a.leadScore)).toBe(true);
}

export function runLlmConformance(name: string, capabilities: LlmConformanceCapabilities, setup: () => Promise<LlmConformanceContext>): void {
  describe(`LlmConnector conformance: ${name}`, () => {
    let ctx: LlmConformanceContext;
    let booking: CallAnalysis;
    let complaint: CallAnalysis;

    beforeAll(async () => {
      ctx = await setup();
      booking = await ctx.connector.analyzeCall(LLM_FIXTURES.booking);
      complaint = await ctx.connector.analyzeCall(LLM_FIXTURES.complaint);
    });
    afterAll(async () => {
      await ctx?.teardown();
    });

    it('returns a well-formed analysis', () => {
      expectWellFormed(booking, ctx.connector.id);
      expectWellFormed(complaint, ctx.connector.id);
      expect(booking.summary.length).toBeGreaterThan(10);
      expect(booking.summary).not.toBe(complaint.summary);
    });

    it('reads a booking call: intent, positive sentiment, structured fields and reasons', () => {
      expect(booking.intent).toBe('book_appointment');
      expect(booking.sentiment).toBe('positive');
      expect(booking.sentimentScore).toBeGreaterThan(0);
      expect(booking.structured.requestedService?.toLowerCase()).toContain('cleaning');
      expect(booking.structured.preferredTime?.toLowerCase()).toContain('tuesday');
      expect(booking.structured.insuranceMentioned).toBe(true);
      expect(booking.structured.insuranceProvider?.toLowerCase()).toContain('delta');
      expect(booking.structured.isNewPatient).toBe(true);
      expect(booking.leadReasons.length).toBeGreaterThan(0);
    });

    it('reads a complaint call: intent and negative sentiment', () => {
      expect(complaint.intent).toBe('complaint');
      expect(complaint.sentiment).toBe('negative');
      expect(complaint.sentimentScore).toBeLessThan(0);
      expect(complaint.structured.insuranceMentioned).toBe(false);
    });

    it('scores a booking lead above a complaint', () => {
      expect(booking.leadScore).toBeGreaterThan(complaint.leadScore);
      expect(booking.leadScore).toBeGreaterThanOrEqual(50);
    });

    it('recognises a cancellation', async () => {
      const a = await ctx.connector.analyzeCall(LLM_FIXTURES.cancel);
      expectWellFormed(a, ctx.connector.id);
      expect(a.intent).toBe('cancel');
      expect(a.leadScore).toBeLessThan(booking.leadScore);
    });

    it('refuses an empty transcript as invalid_request', async () => {
      const err = await rejection(ctx.connector.analyzeCall({ transcript: [{ role: 'caller', text: '   ' }] }));
      expect(err).toMatchObject({ code: 'invalid_request', retryable: false, connector: ctx.connector.id });
    });

    it('reports a working connection', async () => {
      expect((await ctx.connector.testConnection()).ok).toBe(true);
    });

    if (capabilities.vendorFailures) {
      it('marks vendor 5xx and 429 as retryable and 4xx as not', async () => {
        ctx.failNext!(502);
        const e5 = await rejection(ctx.connector.analyzeCall(LLM_FIXTURES.cancel));
        expect(e5).toMatchObject({ code: 'vendor_unavailable', retryable: true, status: 502, connector: ctx.connector.id });
        ctx.failNext!(429);
        expect(await rejection(ctx.connector.analyzeCall(LLM_FIXTURES.cancel))).toMatchObject({ code: 'rate_limited', retryable: true });
        ctx.failNext!(400);
        expect(await rejection(ctx.connector.analyzeCall(LLM_FIXTURES.cancel))).toMatchObject({ code: 'invalid_request', retryable: false, status: 400 });
      });

      it('reports an outage from testConnection without throwing', async () => {
        ctx.failNext!(503);
        expect((await ctx.connector.testConnection()).ok).toBe(false);
      });
    }

    if (capabilities.malformedAnswers) {
      it('turns an answer of the wrong shape or non-JSON into invalid_response, not retryable', async () => {
        for (const kind of ['wrong_shape', 'not_json'] as const) {
          ctx.malformNext!(kind);
          const err = await rejection(ctx.connector.analyzeCall(LLM_FIXTURES.booking));
          expect(err).toMatchObject({ code: 'invalid_response', retryable: false, connector: ctx.connector.id });
        }
      });
    }

    if (capabilities.credentials) {
      it('reports bad credentials as unauthorized, and testConnection fails without echoing the key', async () => {
        const { connector, apiKey } = ctx.withBadCredentials!();
        const err = await rejection(connector.analyzeCall(LLM_FIXTURES.booking));
        expect(err).toMatchObject({ code: 'unauthorized', retryable: false, status: 401 });
        const check = await connector.testConnection();
        expect(check.ok).toBe(false);
        expect(check.detail).not.toContain(apiKey);
      });
    }
  });
}
