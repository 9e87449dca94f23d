/**
 * Local TTS: real, playable audio without a vendor. Each letter becomes a short tone whose pitch
 * comes from the character and the voice's base pitch, so different text (or voice) gives
 * different audio and previews in the dashboard are audibly "speech-shaped". Output is a WAV,
 * PCM 16-bit mono at 8 kHz (telephone quality), which is all a preview needs.
 */
import {
  AUDIO_CONTENT_TYPES,
  ConnectorError,
  encodeWavPcm16,
  type TtsConnector,
  type Voice,
} from '@voxanne/connector-kit';

const ID = 'local-tts';
const SAMPLE_RATE = 8000;
const MAX_CHARS = 5000;

interface LocalVoice extends Voice {
  baseHz: number;
}

const VOICES: readonly LocalVoice[] = [
  { id: 'local-aria', name: 'Aria (local)', language: 'en', previewUrl: null, baseHz: 220 },
  { id: 'local-basil', name: 'Basil (local)', language: 'en', previewUrl: null, baseHz: 120 },
  { id: 'local-cleo', name: 'Cleo (local)', language: 'es', previewUrl: null, baseHz: 300 },
];

const seconds = (s: number) => Math.round(s * SAMPLE_RATE);

/** PCM for `text`: one tone per letter/digit, short pauses for spaces and longer ones for punctuation. */
export function renderTones(text: string, baseHz: number): Int16Array {
  const segments: { frames: number; hz: number }[] = [];
  for (const ch of text) {
    if (/\s/.test(ch)) segments.push({ frames: seconds(0.04), hz: 0 });
    else if (/[.,;:!?]/.test(ch)) segments.push({ frames: seconds(0.15), hz: 0 });
    else {
      const code = ch.codePointAt(0) ?? 0;
      // Two octaves of semitones above the voice's base pitch, picked by the character.
      segments.push({ frames: seconds(0.07), hz: baseHz * 2 ** ((code % 24) / 12) });
    }
  }
  const total = segments.reduce((n, s) => n + s.frames, 0);
  const out = new Int16Array(total);
  const fade = seconds(0.005); // ramps avoid clicks at segment edges
  let pos = 0;
  for (const seg of segments) {
    for (let i = 0; i < seg.frames && seg.hz > 0; i++) {
      const env = Math.min(1, i / fade, (seg.frames - 1 - i) / fade);
      out[pos + i] = Math.round(0.3 * 32767 * env * Math.sin((2 * Math.PI * seg.hz * i) / SAMPLE_RATE));
    }
    pos += seg.frames;
  }
  return out;
}

export function createLocalTts(): TtsConnector {
  const fail = (code: 'invalid_request' | 'not_found' | 'unsupported', message: string) =>
    new ConnectorError({ connector: ID, code, message: `${ID}: ${message}` });

  return {
    id: ID,
    async listVoices() {
      return VOICES.map(({ baseHz: _baseHz, ...v }) => v);
    },
    async synthesize({ voiceId, text, format = 'wav' }) {
      if (format !== 'wav') throw fail('unsupported', `only wav output is available locally, not ${format}`);
      if (!text.trim()) throw fail('invalid_request', 'text is empty');
      if (text.length > MAX_CHARS) throw fail('invalid_request', `text is longer than ${MAX_CHARS} characters`);
      const voice = VOICES.find((v) => v.id === voiceId);
      if (!voice) throw fail('not_found', `no voice "${voiceId}"`);
      return { audio: encodeWavPcm16(renderTones(text, voice.baseHz), SAMPLE_RATE), contentType: AUDIO_CONTENT_TYPES.wav };
    },
    async testConnection() {
      return { ok: true, detail: `Local TTS: ${VOICES.length} built-in voices` };
    },
  };
}
