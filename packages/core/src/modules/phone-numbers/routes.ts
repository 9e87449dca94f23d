import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as numbers from './service.ts';

export function phoneNumberRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/phone-numbers', async (req, res) => {
    res.json(await numbers.listPhoneNumbers(deps, actorOf(req), req.query as QueryOf<'listPhoneNumbers'>));
  });
  r.post('/v1/phone-numbers', async (req, res) => {
    res.status(201).json(await numbers.createPhoneNumber(deps, actorOf(req), req.body as BodyOf<'createPhoneNumber'>));
  });
  r.get('/v1/phone-numbers/:phone_number_id', async (req, res) => {
    res.json(await numbers.getPhoneNumber(deps, actorOf(req), req.params.phone_number_id!));
  });
  r.patch('/v1/phone-numbers/:phone_number_id', async (req, res) => {
    res.json(await numbers.updatePhoneNumber(deps, actorOf(req), req.params.phone_number_id!, req.body as BodyOf<'updatePhoneNumber'>));
  });
  r.delete('/v1/phone-numbers/:phone_number_id', async (req, res) => {
    await numbers.releasePhoneNumber(deps, actorOf(req), req.params.phone_number_id!);
    res.status(204).end();
  });
  return r;
}
