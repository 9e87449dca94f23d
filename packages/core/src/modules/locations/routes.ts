import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as locations from './service.ts';

export function locationRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/locations', async (req, res) => {
    res.json(await locations.listLocations(deps, actorOf(req), req.query as QueryOf<'listLocations'>));
  });
  r.post('/v1/locations', async (req, res) => {
    res.status(201).json(await locations.createLocation(deps, actorOf(req), req.body as BodyOf<'createLocation'>));
  });
  r.get('/v1/locations/:location_id', async (req, res) => {
    res.json(await locations.getLocation(deps, actorOf(req), req.params.location_id!));
  });
  r.patch('/v1/locations/:location_id', async (req, res) => {
    res.json(await locations.updateLocation(deps, actorOf(req), req.params.location_id!, req.body as BodyOf<'updateLocation'>));
  });
  r.delete('/v1/locations/:location_id', async (req, res) => {
    await locations.deleteLocation(deps, actorOf(req), req.params.location_id!);
    res.status(204).end();
  });
  return r;
}
