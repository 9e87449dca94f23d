import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as services from './service.ts';

export function serviceRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/services', async (req, res) => {
    res.json(await services.listServices(deps, actorOf(req), req.query as QueryOf<'listServices'>));
  });
  r.post('/v1/services', async (req, res) => {
    res.status(201).json(await services.createService(deps, actorOf(req), req.body as BodyOf<'createService'>));
  });
  r.get('/v1/services/:service_id', async (req, res) => {
    res.json(await services.getService(deps, actorOf(req), req.params.service_id!));
  });
  r.patch('/v1/services/:service_id', async (req, res) => {
    res.json(await services.updateService(deps, actorOf(req), req.params.service_id!, req.body as BodyOf<'updateService'>));
  });
  r.delete('/v1/services/:service_id', async (req, res) => {
    await services.deleteService(deps, actorOf(req), req.params.service_id!);
    res.status(204).end();
  });
  return r;
}
