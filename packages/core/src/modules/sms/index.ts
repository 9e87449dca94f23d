// The front door of the sms module: other modules and the app import only from here.
export { smsBodyAad, smsInboxAad } from './body.ts';
export { registerSmsJobs } from './jobs.ts';
export { SMS_PROTECT_JOB } from './protect-stored.ts';
export { nextSendable } from './quiet-hours.ts';
export { smsRoutes, smsWebhookBodyParser } from './routes.ts';
export { dispatch, dispatchBookingMessages, queueBookingConfirmation, queueBookingReminder, sendSmsFor } from './service.ts';
export { type SmsRow } from './view.ts';
