import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import { createCampaign, getCampaign, listCampaignTargets, listCampaigns, moveCampaign } from './campaigns.ts';

export function campaignRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/campaigns', async (req, res) => {
    res.json(await listCampaigns(deps, actorOf(req), req.query as QueryOf<'listCampaigns'>));
  });
  r.post('/v1/campaigns', async (req, res) => {
    res.status(201).json(await createCampaign(deps, actorOf(req), req.body as BodyOf<'createCampaign'>));
  });
  r.get('/v1/campaigns/:campaign_id', async (req, res) => {
    res.json(await getCampaign(deps, actorOf(req), req.params.campaign_id!));
  });
  r.get('/v1/campaigns/:campaign_id/targets', async (req, res) => {
    res.json(await listCampaignTargets(deps, actorOf(req), req.params.campaign_id!, req.query as QueryOf<'listCampaignTargets'>));
  });
  for (const move of ['pause', 'resume', 'cancel'] as const) {
    r.post(`/v1/campaigns/:campaign_id/${move}`, async (req, res) => {
      res.json(await moveCampaign(deps, actorOf(req), req.params.campaign_id!, move));
    });
  }
  return r;
}
