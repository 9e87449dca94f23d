import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as bookings from './service.ts';
import { syncNow } from './calendar-events.ts';

export function bookingRoutes(deps: Deps): Router {
  const r = Router();
  // Mirrors the org's calendars again and requeues the bookings whose calendar events are pending or failed;
  // served here, not by calendar-sync, because the bookings are this module's (calendar-sync is below it).
  r.post('/v1/calendar/google/sync', async (req, res) => {
    res.status(202).json(await syncNow(deps, actorOf(req).orgId));
  });
  r.get('/v1/bookings', async (req, res) => {
    res.json(await bookings.listBookings(deps, actorOf(req), req.query as QueryOf<'listBookings'>));
  });
  r.post('/v1/bookings', async (req, res) => {
    res.status(201).json(await bookings.createBooking(deps, actorOf(req), req.body as BodyOf<'createBooking'>));
  });
  r.get('/v1/bookings/:booking_id', async (req, res) => {
    res.json(await bookings.getBooking(deps, actorOf(req), req.params.booking_id!));
  });
  r.post('/v1/bookings/:booking_id/reschedule', async (req, res) => {
    res.json(await bookings.rescheduleBooking(deps, actorOf(req), req.params.booking_id!, req.body as BodyOf<'rescheduleBooking'>));
  });
  r.post('/v1/bookings/:booking_id/cancel', async (req, res) => {
    const body = (req.body ?? {}) as { reason?: string };
    res.json(await bookings.cancelBooking(deps, actorOf(req), req.params.booking_id!, body.reason));
  });
  return r;
}
