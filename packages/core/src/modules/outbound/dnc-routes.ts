import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import { createDncEntry, deleteDncEntry, listDncEntries } from './dnc.ts';

export function dncRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/dnc', async (req, res) => {
    res.json(await listDncEntries(deps, actorOf(req), req.query as QueryOf<'listDncEntries'>));
  });
  r.post('/v1/dnc', async (req, res) => {
    res.status(201).json(await createDncEntry(deps, actorOf(req), req.body as BodyOf<'createDncEntry'>));
  });
  r.delete('/v1/dnc/:dnc_id', async (req, res) => {
    await deleteDncEntry(deps, actorOf(req), req.params.dnc_id!);
    res.status(204).end();
  });
  return r;
}
