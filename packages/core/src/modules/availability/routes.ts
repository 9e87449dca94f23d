import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { QueryOf } from '../../platform/http/types.ts';
import { getAvailability } from './service.ts';

export function availabilityRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/availability', async (req, res) => {
    res.json(await getAvailability(deps, actorOf(req), req.query as unknown as QueryOf<'getAvailability'>));
  });
  return r;
}
