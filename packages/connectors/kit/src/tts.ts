/**
 * The text-to-speech connector kind: voice previews in the dashboard and prompts we render
 * ourselves. (During live calls the voice vendor runs TTS; see AssistantSpec.voice.)
 */
import type { ConnectionCheck } from './voice.ts';

export interface Voice {
  /** The id to pass back to synthesize() and to AssistantSpec.voice.voiceId. */
  id: string;
  name: string;
  language: string | null;
  previewUrl: string | null;
}

/** 'mp3' is the compact default of hosted vendors; 'wav' is PCM 16-bit in a RIFF container. */
export type AudioFormat = 'mp3' | 'wav';

export interface SynthesizeInput {
  voiceId: string;
  text: string;
  /** Defaults to the connector's native format ('mp3' for hosted vendors, 'wav' locally). */
  format?: AudioFormat;
}

export interface SynthesizeResult {
  audio: Uint8Array;
  /** MIME type of `audio`, e.g. 'audio/mpeg' or 'audio/wav'. */
  contentType: string;
}

export interface TtsConnector {
  readonly id: string;
  listVoices(): Promise<Voice[]>;
  synthesize(input: SynthesizeInput): Promise<SynthesizeResult>;
  /** Never throws, like VoiceConnector.testConnection. */
  testConnection(): Promise<ConnectionCheck>;
}

export const AUDIO_CONTENT_TYPES: Record<AudioFormat, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
};
