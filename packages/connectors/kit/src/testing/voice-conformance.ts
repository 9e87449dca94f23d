/**
 * The behaviour every VoiceConnector must have, as one vitest suite (in the spirit of the Auth.js
 * adapter tests). A connector package calls `runVoiceConformance` from its own test file with a
 * setup that points the connector at its fake vendor; the suite then checks effects at the
 * vendor side, not just return values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from './rejection.ts';
import type { AssistantSpec, VoiceConnector } from '../voice.ts';
import type { VoiceServerEvent } from '../voice-events.ts';
import { sampleAssistantSpec, unknownVendorEvent, voiceEventFixtures } from './voice-fixtures.ts';

type MaybePromise<T> = T | Promise<T>;

/** The vendor-side state, normalised, so the suite can see what a call really changed. */
export interface VoiceVendorView {
  assistant(externalId: string): MaybePromise<
    | {
        name: string;
        systemPrompt: string;
        firstMessage: string | null;
        serverUrl: string;
        toolNames: string[];
        voiceId: string;
        metadata: Record<string, unknown>;
      }
    | undefined
  >;
  phoneNumber(externalId: string): MaybePromise<{ number: string | null; assistantExternalId: string | null } | undefined>;
  call(externalId: string): MaybePromise<
    | {
        assistantExternalId: string;
        phoneNumberExternalId: string;
        customerNumber: string;
        metadata: Record<string, unknown>;
      }
    | undefined
  >;
}

export interface VoiceConformanceContext {
  connector: VoiceConnector;
  /** The secret the connector verifies webhooks with. */
  webhookSecret: string;
  vendor: VoiceVendorView;
  /** The same connector configured with a wrong API key, and that key. */
  withBadCredentials(): { connector: VoiceConnector; apiKey: string };
  /** Make the vendor answer the next `times` requests with `status`. */
  failNext(status: number, times?: number): void;
  /** Headers the vendor would send for this body. `timestampSeconds` defaults to now. */
  sign(rawBody: string, opts?: { secret?: string; timestampSeconds?: number }): Record<string, string>;
  /** The JSON body the vendor would POST for this neutral event. */
  encodeServerMessage(event: VoiceServerEvent): unknown;
  teardown(): Promise<void>;
}


export function runVoiceConformance(name: string, setup: () => Promise<VoiceConformanceContext>): void {
  describe(`VoiceConnector conformance: ${name}`, () => {
    let ctx: VoiceConformanceContext;
    const spec: AssistantSpec = sampleAssistantSpec();

    beforeAll(async () => {
      ctx = await setup();
    });
    afterAll(async () => {
      await ctx?.teardown();
    });

    it('has a stable lowercase id', () => {
      expect(ctx.connector.id).toMatch(/^[a-z0-9-]+$/);
    });

    describe('assistants', () => {
      it('creates an assistant the vendor can see, with every field of the spec', async () => {
        const { externalId } = await ctx.connector.upsertAssistant(spec);
        expect(externalId).toEqual(expect.any(String));
        const seen = await ctx.vendor.assistant(externalId);
        expect(seen).toEqual({
          name: spec.name,
          systemPrompt: spec.systemPrompt,
          firstMessage: spec.firstMessage,
          serverUrl: spec.serverUrl,
          toolNames: ['check_availability', 'book_appointment'],
          voiceId: spec.voice.voiceId,
          metadata: expect.objectContaining(spec.metadata),
        });
      });

      it('updates in place when given the externalId', async () => {
        const { externalId } = await ctx.connector.upsertAssistant(spec);
        const changed = sampleAssistantSpec({
          name: 'Bright Smile After Hours',
          systemPrompt: 'You answer after hours. Take a message.',
          tools: [spec.tools[0]!],
          metadata: { ...spec.metadata, revisionId: 'rev_02' },
        });
        const again = await ctx.connector.upsertAssistant(changed, externalId);
        expect(again.externalId).toBe(externalId);
        const seen = await ctx.vendor.assistant(externalId);
        expect(seen?.name).toBe('Bright Smile After Hours');
        expect(seen?.systemPrompt).toBe('You answer after hours. Take a message.');
        expect(seen?.toolNames).toEqual(['check_availability']);
        expect(seen?.metadata.revisionId).toBe('rev_02');
      });

      it('recreates the assistant when the externalId no longer exists at the vendor', async () => {
        const { externalId } = await ctx.connector.upsertAssistant(spec);
        await ctx.connector.deleteAssistant(externalId);
        const again = await ctx.connector.upsertAssistant(spec, externalId);
        expect(again.externalId).not.toBe(externalId);
        expect((await ctx.vendor.assistant(again.externalId))?.name).toBe(spec.name);
      });

      it('deletes, and deleting again is a no-op', async () => {
        const { externalId } = await ctx.connector.upsertAssistant(spec);
        await ctx.connector.deleteAssistant(externalId);
        expect(await ctx.vendor.assistant(externalId)).toBeUndefined();
        await expect(ctx.connector.deleteAssistant(externalId)).resolves.toBeUndefined();
      });

      it('accepts a serverSecret equal to its webhook secret and refuses a different one', async () => {
        await expect(ctx.connector.upsertAssistant({ ...spec, serverSecret: ctx.webhookSecret })).resolves.toEqual({
          externalId: expect.any(String),
        });
        const err = await rejection(ctx.connector.upsertAssistant({ ...spec, serverSecret: `${ctx.webhookSecret}-other` }));
        expect(err.code).toBe('invalid_request');
        expect(err.retryable).toBe(false);
      });
    });

    describe('phone numbers', () => {
      it('imports a Twilio number, assigns and detaches an assistant, releases it', async () => {
        const { externalId: assistantId } = await ctx.connector.upsertAssistant(spec);
        const pn = await ctx.connector.importPhoneNumber({
          provider: 'twilio',
          number: '+14155550123',
          twilioAccountSid: 'AC00000000000000000000000000000001',
          twilioAuthToken: 'twilio-token-fixture',
          name: 'Main line',
        });
        expect(pn.number).toBe('+14155550123');
        expect(await ctx.vendor.phoneNumber(pn.externalId)).toEqual({ number: '+14155550123', assistantExternalId: null });

        await ctx.connector.assignPhoneNumber(pn.externalId, assistantId);
        expect((await ctx.vendor.phoneNumber(pn.externalId))?.assistantExternalId).toBe(assistantId);

        await ctx.connector.assignPhoneNumber(pn.externalId, null);
        expect((await ctx.vendor.phoneNumber(pn.externalId))?.assistantExternalId).toBeNull();

        await ctx.connector.releasePhoneNumber(pn.externalId);
        expect(await ctx.vendor.phoneNumber(pn.externalId)).toBeUndefined();
        await expect(ctx.connector.releasePhoneNumber(pn.externalId)).resolves.toBeUndefined();
      });

      it('provisions a vendor number in the requested area code', async () => {
        const pn = await ctx.connector.createProviderNumber({ areaCode: '415', name: 'Provisioned' });
        expect(pn.externalId).toEqual(expect.any(String));
        const seen = await ctx.vendor.phoneNumber(pn.externalId);
        expect(seen).toBeDefined();
        // Vendors may provision the digits asynchronously; when they are there, they must match.
        if (pn.number !== null) expect(pn.number).toMatch(/^\+1415\d{7}$/);
        expect(seen?.number ?? null).toBe(pn.number);
      });
    });

    describe('calls', () => {
      it('starts an outbound call the vendor records with our metadata', async () => {
        const { externalId: assistantId } = await ctx.connector.upsertAssistant(spec);
        const pn = await ctx.connector.createProviderNumber({ areaCode: '212' });
        const res = await ctx.connector.startCall({
          assistantExternalId: assistantId,
          phoneNumberExternalId: pn.externalId,
          customerNumber: '+15557654321',
          metadata: { callId: 'call_01JCONFORMANCE', orgId: spec.metadata.orgId },
        });
        expect(res.externalCallId).toEqual(expect.any(String));
        expect(['queued', 'ringing', 'in-progress']).toContain(res.status);
        const seen = await ctx.vendor.call(res.externalCallId);
        expect(seen).toEqual({
          assistantExternalId: assistantId,
          phoneNumberExternalId: pn.externalId,
          customerNumber: '+15557654321',
          metadata: expect.objectContaining({ callId: 'call_01JCONFORMANCE', orgId: spec.metadata.orgId }),
        });
      });

      it('rejects a call for an assistant the vendor does not have, without retry', async () => {
        const pn = await ctx.connector.createProviderNumber({});
        const err = await rejection(
          ctx.connector.startCall({
            assistantExternalId: 'no-such-assistant',
            phoneNumberExternalId: pn.externalId,
            customerNumber: '+15557654321',
            metadata: {},
          }),
        );
        expect(err.retryable).toBe(false);
        expect(['not_found', 'invalid_request']).toContain(err.code);
      });
    });

    describe('webhook verification', () => {
      const body = JSON.stringify({ message: { type: 'status-update', status: 'ringing' } });

      it('accepts a correctly signed body', () => {
        expect(ctx.connector.verifyWebhook({ rawBody: body, headers: ctx.sign(body) })).toBe(true);
      });

      it('treats header names case-insensitively', () => {
        const upper = Object.fromEntries(Object.entries(ctx.sign(body)).map(([k, v]) => [k.toUpperCase(), v]));
        expect(ctx.connector.verifyWebhook({ rawBody: body, headers: upper })).toBe(true);
      });

      it('rejects a body changed after signing', () => {
        const headers = ctx.sign(body);
        expect(ctx.connector.verifyWebhook({ rawBody: body.replace('ringing', 'ended'), headers })).toBe(false);
        expect(ctx.connector.verifyWebhook({ rawBody: `${body} `, headers })).toBe(false);
      });

      it('rejects a signature made with another secret', () => {
        const headers = ctx.sign(body, { secret: `${ctx.webhookSecret}x` });
        expect(ctx.connector.verifyWebhook({ rawBody: body, headers })).toBe(false);
      });

      it('rejects stale and far-future timestamps (replay window of 5 minutes)', () => {
        const now = Math.floor(Date.now() / 1000);
        const stale = ctx.sign(body, { timestampSeconds: now - 6 * 60 });
        const future = ctx.sign(body, { timestampSeconds: now + 6 * 60 });
        const recent = ctx.sign(body, { timestampSeconds: now - 4 * 60 });
        expect(ctx.connector.verifyWebhook({ rawBody: body, headers: stale })).toBe(false);
        expect(ctx.connector.verifyWebhook({ rawBody: body, headers: future })).toBe(false);
        expect(ctx.connector.verifyWebhook({ rawBody: body, headers: recent })).toBe(true);
      });

      it('rejects a request missing any one of the signing headers', () => {
        const headers = ctx.sign(body);
        expect(Object.keys(headers).length).toBeGreaterThan(0);
        for (const name of Object.keys(headers)) {
          const partial = { ...headers };
          delete partial[name];
          expect(ctx.connector.verifyWebhook({ rawBody: body, headers: partial }), `without ${name}`).toBe(false);
        }
        expect(ctx.connector.verifyWebhook({ rawBody: body, headers: {} })).toBe(false);
      });

      it('rejects garbage signatures without throwing', () => {
        const headers = ctx.sign(body);
        const garbage = Object.fromEntries(Object.keys(headers).map((k) => [k, 'not-a-valid-value']));
        expect(ctx.connector.verifyWebhook({ rawBody: body, headers: garbage })).toBe(false);
      });
    });

    describe('server messages', () => {
      for (const [label, event] of Object.entries(voiceEventFixtures)) {
        it(`parses ${label}`, () => {
          // Through JSON text, as it arrives over HTTP.
          const wire: unknown = JSON.parse(JSON.stringify(ctx.encodeServerMessage(event)));
          expect(ctx.connector.parseServerMessage(wire)).toEqual(event);
        });
      }

      it('maps a type it does not act on to unknown, keeping the vendor type and raw payload', () => {
        const wire: unknown = JSON.parse(JSON.stringify(ctx.encodeServerMessage(unknownVendorEvent)));
        const parsed = ctx.connector.parseServerMessage(wire);
        expect(parsed.type).toBe('unknown');
        expect(parsed.type === 'unknown' && parsed.vendorType).toBe('speech-update');
        expect(parsed.type === 'unknown' && parsed.raw).toEqual(wire);
        expect(parsed.call.externalCallId).toBe(unknownVendorEvent.call.externalCallId);
      });

      it('never throws on malformed input', () => {
        for (const junk of [null, undefined, 42, 'text', [], {}, { message: null }, { message: { type: 7 } }]) {
          expect(ctx.connector.parseServerMessage(junk).type).toBe('unknown');
        }
      });

      it('builds a tool-calls reply that carries every result', () => {
        const reply = JSON.stringify(
          ctx.connector.toolCallsResponse([
            { toolCallId: 'toolu_a', name: 'check_availability', result: 'Open at 9:00 and 10:30' },
            { toolCallId: 'toolu_b', name: 'book_appointment', error: 'That slot was just taken' },
          ]),
        );
        for (const s of ['toolu_a', 'Open at 9:00 and 10:30', 'toolu_b', 'That slot was just taken']) expect(reply).toContain(s);
      });
    });

    describe('errors', () => {
      it('marks vendor 5xx as retryable', async () => {
        ctx.failNext(503);
        const err = await rejection(ctx.connector.upsertAssistant(spec));
        expect(err).toMatchObject({ code: 'vendor_unavailable', retryable: true, status: 503, connector: ctx.connector.id });
      });

      it('marks 429 as retryable', async () => {
        ctx.failNext(429);
        const err = await rejection(ctx.connector.startCall({
          assistantExternalId: 'x',
          phoneNumberExternalId: 'y',
          customerNumber: '+15557654321',
          metadata: {},
        }));
        expect(err).toMatchObject({ code: 'rate_limited', retryable: true, status: 429 });
      });

      it('marks vendor 4xx as not retryable', async () => {
        ctx.failNext(400);
        const err = await rejection(ctx.connector.upsertAssistant(spec));
        expect(err).toMatchObject({ code: 'invalid_request', retryable: false, status: 400 });
      });

      it('reports bad credentials as unauthorized, not retryable', async () => {
        const { connector } = ctx.withBadCredentials();
        const err = await rejection(connector.upsertAssistant(spec));
        expect(err).toMatchObject({ code: 'unauthorized', retryable: false });
      });
    });

    describe('testConnection', () => {
      it('succeeds with good credentials', async () => {
        const res = await ctx.connector.testConnection();
        expect(res.ok).toBe(true);
        expect(res.detail).toEqual(expect.any(String));
      });

      it('fails with bad credentials, without throwing or echoing the key', async () => {
        const { connector, apiKey } = ctx.withBadCredentials();
        const res = await connector.testConnection();
        expect(res.ok).toBe(false);
        expect(res.detail.length).toBeGreaterThan(0);
        expect(res.detail).not.toContain(apiKey);
      });

      it('fails without throwing when the vendor is down', async () => {
        ctx.failNext(503);
        const res = await ctx.connector.testConnection();
        expect(res.ok).toBe(false);
      });
    });
  });
}
