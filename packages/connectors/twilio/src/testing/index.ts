export { startFakeTwilio, type FakeTwilio, type FakeTwilioOptions, type FakeTwilioMessage } from './fake-twilio.ts';
export { twilioSignature, postTwilioWebhook, type TwilioDelivery } from './sign.ts';
export { twilioConformanceContext } from './conformance.ts';
