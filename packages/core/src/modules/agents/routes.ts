import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as agents from './service.ts';
import { publishAgent } from './publish.ts';

export function agentRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/agents', async (req, res) => {
    res.json(await agents.listAgents(deps, actorOf(req), req.query as QueryOf<'listAgents'>));
  });
  r.post('/v1/agents', async (req, res) => {
    res.status(201).json(await agents.createAgent(deps, actorOf(req), req.body as BodyOf<'createAgent'>));
  });
  r.get('/v1/agents/:agent_id', async (req, res) => {
    res.json(await agents.getAgent(deps, actorOf(req), req.params.agent_id!));
  });
  r.patch('/v1/agents/:agent_id', async (req, res) => {
    res.json(await agents.updateAgentConfig(deps, actorOf(req), req.params.agent_id!, req.body as BodyOf<'updateAgent'>));
  });
  r.delete('/v1/agents/:agent_id', async (req, res) => {
    await agents.deleteAgent(deps, actorOf(req), req.params.agent_id!);
    res.status(204).end();
  });
  r.get('/v1/agents/:agent_id/revisions', async (req, res) => {
    res.json(await agents.listRevisions(deps, actorOf(req), req.params.agent_id!, req.query as QueryOf<'listAgentRevisions'>));
  });
  r.post('/v1/agents/:agent_id/rollback', async (req, res) => {
    const { revision_id } = req.body as BodyOf<'rollbackAgent'>;
    res.json(await agents.rollbackAgent(deps, actorOf(req), req.params.agent_id!, revision_id));
  });
  r.post('/v1/agents/:agent_id/publish', async (req, res) => {
    res.status(202).json(await publishAgent(deps, actorOf(req), req.params.agent_id!));
  });
  return r;
}
