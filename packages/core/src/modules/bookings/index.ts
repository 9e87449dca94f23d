// The front door of the bookings module: other modules and the app import only from here.
export { holdRoutes } from './hold-routes.ts';
export { registerSchedulingJobs } from './jobs.ts';
export { confirmNextBooking, requestCallback } from './patient-replies.ts';
export { bookingRoutes } from './routes.ts';
export { spokenCode } from './codes.ts';
export { createHoldFor, releaseHoldFor } from './holds.ts';
export { cancelBookingFor, createBookingFor, findCallerBookings, type BookingActor } from './service.ts';
export { type BookingRow } from './view.ts';
