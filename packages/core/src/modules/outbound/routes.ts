import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf } from '../../platform/http/types.ts';
import { cancelCall, createCall } from './calls.ts';

/** POST /v1/calls and its cancel; reading calls belongs to the calls module. */
export function outboundCallRoutes(deps: Deps): Router {
  const r = Router();
  r.post('/v1/calls', async (req, res) => {
    res.status(201).json(await createCall(deps, actorOf(req), req.body as BodyOf<'createCall'>));
  });
  r.post('/v1/calls/:call_id/cancel', async (req, res) => {
    res.json(await cancelCall(deps, actorOf(req), req.params.call_id!));
  });
  return r;
}
