import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as voice from './service.ts';

export function voiceRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/voices', async (req, res) => {
    const { provider, model } = req.query as QueryOf<'listVoices'>;
    res.json(await voice.listVoices(deps, actorOf(req), provider, model));
  });
  r.post('/v1/agents/:agent_id/voice-preview', async (req, res) => {
    const body = (req.body ?? {}) as NonNullable<BodyOf<'previewAgentVoice'>>;
    const preview = await voice.previewAgentVoice(deps, actorOf(req), req.params.agent_id!, body.text);
    // Binary, so it bypasses JSON response validation; the contract declares both audio types.
    res.status(200).type(preview.contentType).set({ 'X-Voxanne-Cache': preview.cache, 'Cache-Control': 'private, max-age=3600' }).send(preview.audio);
  });
  return r;
}
