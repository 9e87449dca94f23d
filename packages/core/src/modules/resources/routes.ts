import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as resources from './service.ts';

export function resourceRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/resources', async (req, res) => {
    res.json(await resources.listResources(deps, actorOf(req), req.query as QueryOf<'listResources'>));
  });
  r.post('/v1/resources', async (req, res) => {
    res.status(201).json(await resources.createResource(deps, actorOf(req), req.body as BodyOf<'createResource'>));
  });
  r.get('/v1/resources/:resource_id', async (req, res) => {
    res.json(await resources.getResource(deps, actorOf(req), req.params.resource_id!));
  });
  r.patch('/v1/resources/:resource_id', async (req, res) => {
    res.json(await resources.updateResource(deps, actorOf(req), req.params.resource_id!, req.body as BodyOf<'updateResource'>));
  });
  r.delete('/v1/resources/:resource_id', async (req, res) => {
    await resources.deleteResource(deps, actorOf(req), req.params.resource_id!);
    res.status(204).end();
  });
  return r;
}
