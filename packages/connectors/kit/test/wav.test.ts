import { describe, expect, it } from 'vitest';
import { encodeWavPcm16, readWavInfo } from '../src/index.ts';
import { fakeMp3, fakeWav } from '../src/testing/index.ts';

describe('wav', () => {
  it('writes a header that reads back', () => {
    const wav = encodeWavPcm16(Int16Array.from([0, 1000, -1000, 32767]), 8000);
    expect(wav.length).toBe(44 + 8);
    expect(readWavInfo(wav)).toEqual({ sampleRate: 8000, channels: 1, bitsPerSample: 16, frames: 4 });
    expect(new DataView(wav.buffer).getInt16(44 + 6, true)).toBe(32767);
  });

  it('rejects non-wav bytes', () => {
    expect(readWavInfo(new Uint8Array(10))).toBeNull();
    expect(readWavInfo(fakeMp3('x'))).toBeNull();
  });

  it('fake audio differs by text', () => {
    expect(Buffer.from(fakeWav('a')).equals(Buffer.from(fakeWav('b')))).toBe(false);
    expect(Buffer.from(fakeMp3('a')).equals(Buffer.from(fakeMp3('b')))).toBe(false);
    expect(readWavInfo(fakeWav('a', 8000))?.sampleRate).toBe(8000);
  });
});
