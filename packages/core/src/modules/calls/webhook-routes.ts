/**
 * The HTTP side of the voice webhook. Mounted ahead of the /v1 per-IP rate limit, cookies, JSON parsing,
 * the OpenAPI validator and authentication: the signature is over the raw bytes (so the body is read as
 * text, whatever its content type), the signature is the authentication, and a vendor's shared egress
 * IPs must not be throttled mid-call.
 */
import express, { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { labelOperation } from '../../platform/http/request-log.ts';
import { handleVoiceWebhook } from './webhook.ts';

/**
 * Above the API's general limit: an end-of-call-report carries the whole transcript twice (text and
 * messages), and it is sent once, so refusing a long call's report would lose it.
 */
const MIN_BODY_LIMIT = 4 * 1024 * 1024;

export function voiceWebhookRoutes(deps: Deps): Router {
  const r = Router();
  r.post(
    '/v1/voice/webhooks/:org_id',
    express.text({ type: () => true, limit: Math.max(deps.config.bodyLimitBytes, MIN_BODY_LIMIT) }),
    async (req, res) => {
      labelOperation(res, 'receiveVoiceWebhook');
      const rawBody = typeof req.body === 'string' ? req.body : '';
      const answer = await handleVoiceWebhook(deps, String(req.params.org_id), { rawBody, headers: req.headers, ip: req.ctx.ip });
      if (answer.headers) res.set(answer.headers);
      if (answer.status >= 400) {
        res.status(answer.status).type('application/problem+json').send(JSON.stringify({ ...(answer.body as object), request_id: req.ctx.requestId }));
      } else {
        res.status(answer.status).json(answer.body);
      }
      // Once the answer is on the wire: the acknowledgement never waits on Redis.
      if (answer.after) void answer.after();
    },
  );
  return r;
}
