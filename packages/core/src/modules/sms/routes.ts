import express, { Router, type Request } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { ApiError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import { originOf } from '../audit/index.ts';
import { activeSmsConnector, inboundUrl, type SmsConnectorId } from '../../connectors/sms.ts';
import { receiveWebhook } from './inbound.ts';
import { listOptOuts } from './opt-outs.ts';
import { listMessages, sendSmsFor } from './service.ts';

/** Form bodies of vendor webhooks; mounted before the OpenAPI validator, which needs the parsed body. */
export function smsWebhookBodyParser(deps: Deps) {
  return express.urlencoded({ extended: false, limit: deps.config.bodyLimitBytes });
}

/**
 * The URL the vendor signed: as the request reached us (scheme honours TRUST_PROXY). The signature
 * covers it, so a forged Host only makes verification fail.
 */
const requestedUrl = (req: Request) => `${req.protocol}://${req.get('host')}${req.originalUrl}`;

const flatParams = (body: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v)]));

export function smsRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/sms/messages', async (req, res) => {
    res.json(await listMessages(deps, actorOf(req).orgId, req.query as QueryOf<'listSmsMessages'>));
  });
  r.post('/v1/sms/messages', async (req, res) => {
    const actor = actorOf(req);
    res.status(201).json(await sendSmsFor(deps, { orgId: actor.orgId, origin: originOf(actor) }, req.body as BodyOf<'sendSmsMessage'>));
  });
  r.get('/v1/sms/opt-outs', async (req, res) => {
    res.json(await listOptOuts(deps, actorOf(req), req.query as QueryOf<'listSmsOptOuts'>));
  });
  r.post('/v1/sms/simulate-inbound', async (req, res) => {
    const actor = actorOf(req);
    const sms = await activeSmsConnector(deps, actor.orgId, { livemode: actor.livemode });
    if (!sms.local) throw new ApiError(422, 'simulator_unavailable', 'This org sends through Twilio; reply from a real phone instead.');
    const body = req.body as BodyOf<'simulateInboundSms'>;
    const url = inboundUrl(deps, actor.orgId, sms.id, { livemode: actor.livemode });
    const result = await sms.local.simulateInbound(url, { from: body.from, to: body.to ?? '+15005550100', body: body.body });
    res.status(202).json({ object: 'sms_simulation' as const, external_id: result.externalId, webhook_status: result.status });
  });

  const webhook = (connectorId: SmsConnectorId, kind: 'message' | 'status') => async (req: Request, res: express.Response) => {
    // Only the local outbox carries test-mode replies; Twilio is live by definition.
    const livemode = !(connectorId === 'local-sms' && req.query.mode === 'test');
    await receiveWebhook(deps, { orgId: String(req.params.org_id), connectorId, kind, livemode, url: requestedUrl(req), params: flatParams(req.body), headers: req.headers });
    // Empty TwiML: we never answer through the webhook itself.
    res.status(200).type('text/xml').send('<Response/>');
  };
  r.post('/v1/sms/webhooks/twilio/:org_id', webhook('twilio', 'message'));
  r.post('/v1/sms/webhooks/twilio/:org_id/status', webhook('twilio', 'status'));
  r.post('/v1/sms/webhooks/local/:org_id', webhook('local-sms', 'message'));
  r.post('/v1/sms/webhooks/local/:org_id/status', webhook('local-sms', 'status'));
  return r;
}
