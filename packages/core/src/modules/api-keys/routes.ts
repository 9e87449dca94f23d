import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as keys from './service.ts';

export function apiKeyRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/api-keys', async (req, res) => {
    res.json(await keys.listApiKeys(deps, actorOf(req), req.query as QueryOf<'listApiKeys'>));
  });
  r.post('/v1/api-keys', async (req, res) => {
    res.status(201).json(await keys.createApiKey(deps, actorOf(req), req.body as BodyOf<'createApiKey'>));
  });
  r.get('/v1/api-keys/:key_id', async (req, res) => {
    res.json(await keys.getApiKey(deps, actorOf(req), req.params.key_id!));
  });
  r.delete('/v1/api-keys/:key_id', async (req, res) => {
    res.json(await keys.revokeApiKey(deps, actorOf(req), req.params.key_id!));
  });
  return r;
}
