/**
 * The voice webhook (POST /v1/voice/webhooks/{org_id}), transport-free so the simulator can drive it
 * in-process with the same signed bytes a vendor sends over HTTP. Order is the security model:
 *   1. the signature over the raw bytes, with this org's secret: nothing is parsed or stored before;
 *   2. JSON, then the vendor's format;
 *   3. a message naming another org in its metadata is refused, so one org's secret never writes into
 *      another org even through a misconfigured assistant;
 *   4. assistant-request and tool-calls are answered now; everything else goes to the durable inbox.
 * The body is never logged: it is a live transcript.
 */
import type { WebhookHeaders, WebhookVerification } from '@voxanne/connector-kit';
import { assistantRequestAnswer, parseVoiceMessage, toolCallsAnswer } from '../../connectors/voice-messages.ts';
import type { Deps } from '../../platform/deps.ts';
import { problemBody } from '../../platform/errors.ts';
import { isId } from '../../platform/ids.ts';
import { answerAssistantRequest, UNAVAILABLE_LINE } from './assistant-request.ts';
import { acceptVoiceMessage } from './inbox.ts';
import { runToolCalls } from './tool-calls.ts';
import { verifyVoiceSignature } from './webhook-auth.ts';

export interface VoiceWebhookRequest {
  /** The body exactly as received: the signature covers these bytes. */
  rawBody: string;
  headers: WebhookHeaders;
}

export interface VoiceWebhookAnswer {
  status: number;
  body: unknown;
}

const problem = (status: number, code: string, detail: string): VoiceWebhookAnswer => ({ status, body: problemBody(status, code, detail) });

/** One answer for every authentication failure, so a probe learns nothing about orgs or secrets. */
const unauthorized = () => problem(401, 'invalid_signature', 'The webhook signature is missing, wrong or expired.');

export async function handleVoiceWebhook(deps: Deps, orgId: string, req: VoiceWebhookRequest): Promise<VoiceWebhookAnswer> {
  const { logger } = deps;
  let verified: WebhookVerification = { ok: false, reason: 'bad_signature' };
  if (isId('org', orgId)) verified = await verifyVoiceSignature(deps, orgId, req);
  if (!verified.ok) {
    logger.warn({ orgId: isId('org', orgId) ? orgId : null, reason: verified.reason }, 'voice webhook: signature refused');
    return unauthorized();
  }

  let json: unknown;
  try {
    json = JSON.parse(req.rawBody);
  } catch {
    return problem(400, 'invalid_json', 'The body is not valid JSON.');
  }
  const { connector, event, vendorType } = parseVoiceMessage(json);
  if (!vendorType) return problem(400, 'invalid_message', 'The body has no message type.');
  const claimed = event.call.metadata.orgId;
  if (claimed !== undefined && claimed !== orgId) {
    logger.warn({ orgId, type: vendorType }, 'voice webhook: message names another org');
    return problem(401, 'org_mismatch', 'The message belongs to another org.');
  }

  switch (event.type) {
    case 'assistant-request': {
      let answer;
      try {
        answer = await answerAssistantRequest(deps, orgId, connector, event);
      } catch (err) {
        // The caller is ringing: a spoken apology beats the vendor's generic failure.
        logger.error({ orgId, code: (err as { code?: string })?.code ?? 'internal_error' }, 'voice webhook: assistant-request failed');
        answer = { reply: { error: UNAVAILABLE_LINE }, outcome: 'failed' as const };
      }
      return { status: 200, body: await assistantRequestAnswer(deps, orgId, connector, answer.reply) };
    }
    case 'tool-calls':
      return { status: 200, body: toolCallsAnswer(connector, await runToolCalls(deps, orgId, connector, event)) };
    default: {
      // Stored before the 200: an end-of-call-report is sent once and never retried.
      await acceptVoiceMessage(deps, orgId, connector, event, req.rawBody);
      return { status: 200, body: { received: true } };
    }
  }
}
