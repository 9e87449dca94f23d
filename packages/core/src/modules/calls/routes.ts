import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import { reanalyzeCall } from './analysis.ts';
import { readOriginalTranscript } from './original-read.ts';
import { getCallFor, listCalls } from './read.ts';
import { createTestCall } from './test-calls.ts';

export function callRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/calls', async (req, res) => {
    res.json(await listCalls(deps, actorOf(req).orgId, req.query as QueryOf<'listCalls'>));
  });
  r.get('/v1/calls/:call_id', async (req, res) => {
    res.json(await getCallFor(deps, actorOf(req).orgId, req.params.call_id!));
  });
  r.post('/v1/calls/:call_id/analyze', async (req, res) => {
    const orgId = actorOf(req).orgId;
    await reanalyzeCall(deps, orgId, req.params.call_id!);
    res.json(await getCallFor(deps, orgId, req.params.call_id!));
  });
  r.get('/v1/calls/:call_id/original-transcript', async (req, res) => {
    res.json(await readOriginalTranscript(deps, actorOf(req), req.params.call_id!));
  });
  r.post('/v1/test/calls', async (req, res) => {
    const { status, call } = await createTestCall(deps, actorOf(req).orgId, req.body as BodyOf<'createTestCall'>);
    res.status(status).json(call);
  });
  return r;
}
