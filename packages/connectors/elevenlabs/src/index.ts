export { createElevenLabsTts, ELEVENLABS_DEFAULT_BASE_URL, type ElevenLabsTtsSettings } from './tts.ts';
export { mapElevenLabsError } from './errors.ts';
