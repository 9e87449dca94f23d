export * from './fake-server.ts';
export * from './fake-audio.ts';
export * from './voice-fixtures.ts';
export * from './voice-conformance.ts';
export * from './tts-conformance.ts';
export { signWebhook } from '../webhook-hmac.ts';
