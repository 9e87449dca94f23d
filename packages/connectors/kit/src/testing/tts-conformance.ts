/**
 * The behaviour every TtsConnector must have. Capabilities a connector does not have (an API key
 * to get wrong, a vendor to make fail) are simply not passed, and their tests are not defined.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from './rejection.ts';
import { AUDIO_CONTENT_TYPES, type AudioFormat, type TtsConnector } from '../tts.ts';
import { readWavInfo } from '../wav.ts';

export interface TtsConformanceContext {
  connector: TtsConnector;
  /** The format synthesize() uses when none is given. */
  defaultFormat: AudioFormat;
  /** Formats the connector supports; the others must be refused with code 'unsupported'. */
  formats: AudioFormat[];
  withBadCredentials?: () => { connector: TtsConnector; apiKey: string };
  failNext?: (status: number, times?: number) => void;
  teardown(): Promise<void>;
}

/** Declared by the caller because a suite must know its test list before setup runs. */
export interface TtsConformanceCapabilities {
  credentials: boolean;
  vendorFailures: boolean;
}

const ALL_FORMATS: AudioFormat[] = ['mp3', 'wav'];


function looksLikeMp3(b: Uint8Array): boolean {
  const id3 = b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33; // "ID3" tag
  const frameSync = b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0; // MPEG frame header
  return id3 || frameSync;
}

export function runTtsConformance(
  name: string,
  capabilities: TtsConformanceCapabilities,
  setup: () => Promise<TtsConformanceContext>,
): void {
  describe(`TtsConnector conformance: ${name}`, () => {
    let ctx: TtsConformanceContext;
    let voiceId: string;

    beforeAll(async () => {
      ctx = await setup();
      const voices = await ctx.connector.listVoices();
      voiceId = voices[0]!.id;
    });
    afterAll(async () => {
      await ctx?.teardown();
    });

    it('lists voices with unique ids and names', async () => {
      const voices = await ctx.connector.listVoices();
      expect(voices.length).toBeGreaterThan(0);
      expect(new Set(voices.map((v) => v.id)).size).toBe(voices.length);
      for (const v of voices) {
        expect(v.id).toMatch(/\S/);
        expect(v.name).toMatch(/\S/);
        expect(v.language === null || typeof v.language === 'string').toBe(true);
        expect(v.previewUrl === null || typeof v.previewUrl === 'string').toBe(true);
      }
    });

    it('synthesizes audio in its default format', async () => {
      const res = await ctx.connector.synthesize({ voiceId, text: 'Your appointment is confirmed for Tuesday.' });
      expect(res.contentType).toBe(AUDIO_CONTENT_TYPES[ctx.defaultFormat]);
      expect(res.audio).toBeInstanceOf(Uint8Array);
      expect(res.audio.length).toBeGreaterThan(100);
    });

    for (const format of ALL_FORMATS) {
      it(`${format}: produces real ${format} bytes or refuses as unsupported`, async () => {
        const p = ctx.connector.synthesize({ voiceId, text: 'See you soon.', format });
        if (!ctx.formats.includes(format)) {
          const err = await rejection(p);
          expect(err).toMatchObject({ code: 'unsupported', retryable: false });
          return;
        }
        const res = await p;
        expect(res.contentType).toBe(AUDIO_CONTENT_TYPES[format]);
        if (format === 'wav') {
          const info = readWavInfo(res.audio);
          expect(info).not.toBeNull();
          expect(info).toMatchObject({ channels: 1, bitsPerSample: 16 });
          expect(info!.frames).toBeGreaterThan(0);
        } else {
          expect(looksLikeMp3(res.audio)).toBe(true);
        }
      });
    }

    it('produces different audio for different text', async () => {
      const a = await ctx.connector.synthesize({ voiceId, text: 'Good morning.' });
      const b = await ctx.connector.synthesize({ voiceId, text: 'Good evening, see you tomorrow.' });
      expect(Buffer.from(a.audio).equals(Buffer.from(b.audio))).toBe(false);
    });

    it('refuses empty text without calling the vendor', async () => {
      const err = await rejection(ctx.connector.synthesize({ voiceId, text: '   ' }));
      expect(err).toMatchObject({ code: 'invalid_request', retryable: false });
    });

    it('refuses an unknown voice, not retryable', async () => {
      const err = await rejection(ctx.connector.synthesize({ voiceId: 'no-such-voice-xyz', text: 'Hello.' }));
      expect(err.retryable).toBe(false);
      expect(['not_found', 'invalid_request']).toContain(err.code);
    });

    it('reports a working connection', async () => {
      expect((await ctx.connector.testConnection()).ok).toBe(true);
    });

    if (capabilities.vendorFailures) {
      it('marks vendor 5xx as retryable and 4xx as not', async () => {
        ctx.failNext!(502);
        const e5 = await rejection(ctx.connector.synthesize({ voiceId, text: 'Hello.' }));
        expect(e5).toMatchObject({ code: 'vendor_unavailable', retryable: true, status: 502, connector: ctx.connector.id });
        ctx.failNext!(429);
        // synthesize, not listVoices: a connector may serve a documented voice list without a call.
        const e429 = await rejection(ctx.connector.synthesize({ voiceId, text: 'Hello.' }));
        expect(e429).toMatchObject({ code: 'rate_limited', retryable: true });
        ctx.failNext!(422);
        const e4 = await rejection(ctx.connector.synthesize({ voiceId, text: 'Hello.' }));
        expect(e4).toMatchObject({ code: 'invalid_request', retryable: false, status: 422 });
      });

      it('reports an outage from testConnection without throwing', async () => {
        ctx.failNext!(503);
        expect((await ctx.connector.testConnection()).ok).toBe(false);
      });
    }

    if (capabilities.credentials) {
      it('reports bad credentials as unauthorized, and testConnection fails without echoing the key', async () => {
        const { connector, apiKey } = ctx.withBadCredentials!();
        const err = await rejection(connector.synthesize({ voiceId, text: 'Hello.' }));
        expect(err).toMatchObject({ code: 'unauthorized', retryable: false, status: 401 });
        const check = await connector.testConnection();
        expect(check.ok).toBe(false);
        expect(check.detail).not.toContain(apiKey);
      });
    }
  });
}
