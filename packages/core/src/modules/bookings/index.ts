// The front door of the bookings module: other modules and the app import only from here.
export { holdRoutes } from './hold-routes.ts';
export { registerSchedulingJobs } from './jobs.ts';
export { confirmNextBooking, requestCallback } from './patient-replies.ts';
export { bookingRoutes } from './routes.ts';
export { bookAppointment, cancelAppointment, checkAvailability, sendSms, type AvailabilityArgs, type ToolOutcome, type VoiceToolContext } from './voice-tools.ts';
