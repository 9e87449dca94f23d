export { createTwilioSms, TWILIO_DEFAULT_BASE_URL, TWILIO_SIGNATURE_HEADER, TWILIO_MAX_BODY, type TwilioSmsSettings } from './sms.ts';
export { parseTwilioInbound, parseTwilioStatus } from './webhook-params.ts';
export { mapTwilioError, TWILIO } from './errors.ts';
