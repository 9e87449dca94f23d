/**
 * Deterministic stand-in audio for fake TTS vendors: different text gives different bytes, and
 * each format has the real container signature so format handling is actually tested.
 */
import { createHash } from 'node:crypto';
import { encodeWavPcm16 } from '../wav.ts';

/** A short tone whose pitch and length come from a hash of the text. */
export function fakePcm16(text: string, sampleRate: number): Int16Array {
  const digest = createHash('sha256').update(text).digest();
  const hz = 200 + (digest[0]! << 2);
  const frames = Math.round(sampleRate * (0.2 + digest[1]! / 1024));
  const out = new Int16Array(frames);
  for (let i = 0; i < frames; i++) out[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  return out;
}

export function fakeWav(text: string, sampleRate = 16_000): Uint8Array {
  return encodeWavPcm16(fakePcm16(text, sampleRate), sampleRate);
}

/** An ID3v2 header followed by text-derived bytes: enough for format sniffing, not playable. */
export function fakeMp3(text: string): Uint8Array {
  const digest = createHash('sha256').update(text).digest();
  const header = Uint8Array.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const frames = new Uint8Array(512);
  for (let i = 0; i < frames.length; i++) frames[i] = digest[i % digest.length]! ^ (i & 0xff);
  const out = new Uint8Array(header.length + frames.length);
  out.set(header);
  out.set(frames, header.length);
  return out;
}
