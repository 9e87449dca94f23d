import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf } from '../../platform/http/types.ts';
import * as settings from './service.ts';

export function callSettingsRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/call-settings', async (req, res) => {
    res.json(await settings.getCallSettings(deps, actorOf(req)));
  });
  r.patch('/v1/call-settings', async (req, res) => {
    res.json(await settings.updateCallSettings(deps, actorOf(req), req.body as BodyOf<'updateCallSettings'>));
  });
  return r;
}
