import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import type { IntegrationProvider } from '../../connectors/types.ts';
import * as integrations from './service.ts';

export function integrationRoutes(deps: Deps): Router {
  const r = Router();
  // The validator has already checked :provider against the enum in the contract.
  const provider = (p: string | undefined) => p as IntegrationProvider;
  r.get('/v1/integrations', async (req, res) => {
    res.json(await integrations.listIntegrations(deps, actorOf(req), req.query as QueryOf<'listIntegrations'>));
  });
  r.get('/v1/integrations/:provider', async (req, res) => {
    res.json(await integrations.getIntegration(deps, actorOf(req), provider(req.params.provider)));
  });
  r.put('/v1/integrations/:provider', async (req, res) => {
    const { created, body } = await integrations.putIntegration(deps, actorOf(req), provider(req.params.provider), req.body as BodyOf<'putIntegration'>);
    res.status(created ? 201 : 200).json(body);
  });
  r.delete('/v1/integrations/:provider', async (req, res) => {
    await integrations.deleteIntegration(deps, actorOf(req), provider(req.params.provider));
    res.status(204).end();
  });
  r.post('/v1/integrations/:provider/test', async (req, res) => {
    res.json(await integrations.testIntegration(deps, actorOf(req), provider(req.params.provider)));
  });
  return r;
}
