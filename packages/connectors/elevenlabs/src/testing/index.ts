export { startFakeElevenLabs, type FakeElevenLabs, type FakeVoice } from './fake-elevenlabs.ts';
