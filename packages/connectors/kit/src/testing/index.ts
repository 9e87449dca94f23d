export * from './fake-server.ts';
export * from './fake-audio.ts';
export * from './voice-fixtures.ts';
export * from './voice-conformance.ts';
export * from './tts-conformance.ts';
export { signWebhook } from '../webhook-hmac.ts';
export * from './webhook-receiver.ts';
export * from './sms-conformance.ts';
export * from './calendar-conformance.ts';
