import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import { connectionStatus, disconnect, receivePush } from './service.ts';
import { finishConnect, startConnect } from './oauth.ts';

export function calendarRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/calendar/google', async (req, res) => {
    res.json(await connectionStatus(deps, actorOf(req)));
  });
  r.delete('/v1/calendar/google', async (req, res) => {
    await disconnect(deps, actorOf(req));
    res.status(204).end();
  });
  r.post('/v1/calendar/google/connect', async (req, res) => {
    res.json(await startConnect(deps, actorOf(req)));
  });
  r.get('/v1/calendar/google/callback', async (req, res) => {
    // The session (if the browser sent one) is what the state is bound to; the route itself needs none.
    res.redirect(302, await finishConnect(deps, req.query as { code?: string; state: string; error?: string }, req.ctx.principal));
  });
  // POST /v1/calendar/google/sync is served by the bookings module (it requeues bookings; see bookings/routes.ts).
  r.post('/v1/calendar/google/webhook', async (req, res) => {
    await receivePush(deps, req.headers);
    res.status(200).end();
  });
  return r;
}
