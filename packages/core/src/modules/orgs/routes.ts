import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as orgs from './service.ts';

export function orgRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/org', async (req, res) => {
    res.json(await orgs.getOrg(deps, actorOf(req)));
  });
  r.patch('/v1/org', async (req, res) => {
    res.json(await orgs.updateOrg(deps, actorOf(req), req.body as BodyOf<'updateOrg'>));
  });
  r.get('/v1/orgs', async (req, res) => {
    res.json(await orgs.listChildOrgs(deps, actorOf(req), req.query as QueryOf<'listChildOrgs'>));
  });
  r.post('/v1/orgs', async (req, res) => {
    res.status(201).json(await orgs.createChildOrg(deps, actorOf(req), req.body as BodyOf<'createChildOrg'>));
  });
  return r;
}
