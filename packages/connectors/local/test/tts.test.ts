import { describe, expect, it } from 'vitest';
import { readWavInfo } from '@voxanne/connector-kit';
import { createLocalTts, renderTones } from '../src/index.ts';

/** Dominant frequency of a pure tone, from its zero crossings. */
function estimateHz(samples: Int16Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if ((samples[i - 1]! < 0) !== (samples[i]! < 0)) crossings++;
  return crossings / 2 / (samples.length / sampleRate);
}

describe('local TTS', () => {
  it('renders 8 kHz 16-bit mono WAV whose length follows the text', async () => {
    const tts = createLocalTts();
    const short = await tts.synthesize({ voiceId: 'local-aria', text: 'Hi' });
    const long = await tts.synthesize({ voiceId: 'local-aria', text: 'Hi there, see you Tuesday.' });
    expect(readWavInfo(short.audio)).toEqual({ sampleRate: 8000, channels: 1, bitsPerSample: 16, frames: 2 * 560 });
    expect(readWavInfo(long.audio)!.frames).toBeGreaterThan(readWavInfo(short.audio)!.frames * 5);
  });

  it('derives pitch from the character and the voice', () => {
    // 'A' is code 65; 65 % 24 = 17 semitones above the base pitch.
    const aria = estimateHz(renderTones('A', 220), 8000);
    const basil = estimateHz(renderTones('A', 120), 8000);
    expect(aria).toBeGreaterThan(220 * 2 ** (17 / 12) * 0.9);
    expect(aria).toBeLessThan(220 * 2 ** (17 / 12) * 1.1);
    expect(basil).toBeLessThan(aria * 0.6);
  });

  it('renders silence for spaces and punctuation', () => {
    const pcm = renderTones(' .', 220);
    expect(pcm.length).toBe(320 + 1200);
    expect(pcm.every((s) => s === 0)).toBe(true);
  });

  it('gives different voices different audio for the same text', async () => {
    const tts = createLocalTts();
    const a = await tts.synthesize({ voiceId: 'local-aria', text: 'Hello' });
    const b = await tts.synthesize({ voiceId: 'local-cleo', text: 'Hello' });
    expect(Buffer.from(a.audio).equals(Buffer.from(b.audio))).toBe(false);
  });

  it('caps the text length', async () => {
    await expect(createLocalTts().synthesize({ voiceId: 'local-aria', text: 'a'.repeat(5001) })).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
