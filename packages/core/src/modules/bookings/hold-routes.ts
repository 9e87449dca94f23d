import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf } from '../../platform/http/types.ts';
import * as holds from './holds.ts';

export function holdRoutes(deps: Deps): Router {
  const r = Router();
  r.post('/v1/holds', async (req, res) => {
    res.status(201).json(await holds.createHold(deps, actorOf(req), req.body as BodyOf<'createHold'>));
  });
  r.get('/v1/holds/:hold_id', async (req, res) => {
    res.json(await holds.getHold(deps, actorOf(req), req.params.hold_id!));
  });
  r.delete('/v1/holds/:hold_id', async (req, res) => {
    res.json(await holds.releaseHold(deps, actorOf(req), req.params.hold_id!));
  });
  return r;
}
