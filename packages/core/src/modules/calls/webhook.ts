/**
 * The voice webhook (POST /v1/voice/webhooks/{org_id}), transport-free so the simulator can drive it
 * in-process with the same signed bytes a vendor sends over HTTP. Order is the security model:
 *   1. the signature over the raw bytes, with this org's secret: nothing is parsed or stored before (failures
 *      are counted per IP and per org, see webhook-guard.ts); an org that does not exist answers 404;
 *   2. a replay of the same signed message gets the first answer and nothing runs again;
 *   3. JSON, then the vendor's format;
 *   4. a message naming another org in its metadata is refused, so one org's secret never writes into
 *      another org even through a misconfigured assistant;
 *   5. assistant-request and tool-calls are answered now; everything else goes to the durable inbox, whose job
 *      is enqueued only after the answer is sent (`after`).
 * The body is never logged: it is a live transcript.
 */
import type { WebhookHeaders } from '@voxanne/connector-kit';
import { assistantRequestAnswer, parseVoiceMessage, toolCallsAnswer } from '../../connectors/voice-messages.ts';
import type { Deps } from '../../platform/deps.ts';
import { problemBody } from '../../platform/errors.ts';
import { isId } from '../../platform/ids.ts';
import { withLivemode } from '../../platform/db/livemode.ts';
import { answerAssistantRequest, UNAVAILABLE_LINE } from './assistant-request.ts';
import { livemodeOfCall } from './call-rows.ts';
import { enqueueStored, storeVoiceMessage } from './inbox.ts';
import { runToolCalls } from './tool-calls.ts';
import { TOOL_NAMES } from '../voice-tools/index.ts';
import { verifyVoiceSignature, type VoiceVerification } from './webhook-auth.ts';
import { claimReplay, countFailure, isDistrusted, rememberAnswer, replayKey } from './webhook-guard.ts';

export interface VoiceWebhookRequest {
  /** The body exactly as received: the signature covers these bytes. */
  rawBody: string;
  headers: WebhookHeaders;
  /** The client's IP (HTTP); absent for in-process deliveries (the simulator). */
  ip?: string | null;
}

export interface VoiceWebhookAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Work for after the answer is sent (enqueueing a stored message's job, remembering the answer). Never throws. */
  after?: () => Promise<void>;
}

const problem = (status: number, code: string, detail: string, headers?: Record<string, string>): VoiceWebhookAnswer => ({
  status,
  body: problemBody(status, code, detail),
  ...(headers ? { headers } : {}),
});

/** One answer for every authentication failure, so a probe learns nothing about orgs or secrets. */
const unauthorized = () => problem(401, 'invalid_signature', 'The webhook signature is missing, wrong or expired.');

/**
 * Starts in system mode whoever delivers the message (a request or job driving the simulator in-process):
 * the call's own mode decides what its tools see and write (decision 0012).
 */
export function handleVoiceWebhook(deps: Deps, orgId: string, req: VoiceWebhookRequest): Promise<VoiceWebhookAnswer> {
  return withLivemode(null, () => handle(deps, orgId, req));
}

async function handle(deps: Deps, orgId: string, req: VoiceWebhookRequest): Promise<VoiceWebhookAnswer> {
  const { logger } = deps;
  const ip = req.ip ?? 'in-process';
  const validId = isId('org', orgId);
  let verified: VoiceVerification = { ok: false, reason: 'bad_signature' };
  if (validId) verified = await verifyVoiceSignature(deps, orgId, req, { mayRead: !isDistrusted(deps, ip) });
  if (!verified.ok) {
    const retryAfter = await countFailure(deps, ip, validId ? orgId : undefined);
    logger.warn({ orgId: validId ? orgId : null, reason: verified.reason, limited: retryAfter !== null }, 'voice webhook: signature refused');
    if (retryAfter !== null) {
      return problem(429, 'too_many_failed_signatures', `Too many failed signatures. Retry in ${retryAfter} s.`, { 'Retry-After': String(retryAfter) });
    }
    return unauthorized();
  }
  // Only the platform can sign for an org id it never issued (decision 0004): a deleted org, a typo'd URL.
  if (!verified.orgExists) return problem(404, 'org_not_found', 'No such org.');

  const key = replayKey(orgId, req);
  const claim = await claimReplay(deps, key);
  if (claim.kind === 'answered') return claim.answer!;
  if (claim.kind === 'in-flight') return problem(409, 'duplicate_in_flight', 'The same signed message is being processed; its answer is given once.');
  let answer: VoiceWebhookAnswer;
  try {
    answer = await answerVerified(deps, orgId, req);
  } catch (err) {
    await deps.replays.release(key);
    throw err;
  }
  if (answer.status !== 200) {
    await deps.replays.release(key);
    return answer;
  }
  const then = answer.after;
  return {
    ...answer,
    after: async () => {
      await Promise.all([then?.(), rememberAnswer(deps, key, { status: answer.status, body: answer.body }).catch(() => undefined)]);
    },
  };
}

async function answerVerified(deps: Deps, orgId: string, req: VoiceWebhookRequest): Promise<VoiceWebhookAnswer> {
  const { logger } = deps;
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
        const livemode = await livemodeOfCall(deps.knex, orgId, connector, event.call);
        answer = await withLivemode(livemode, () => answerAssistantRequest(deps, orgId, connector, event));
      } catch (err) {
        // The caller is ringing: a spoken apology beats the vendor's generic failure.
        logger.error({ orgId, code: (err as { code?: string })?.code ?? 'internal_error' }, 'voice webhook: assistant-request failed');
        answer = { reply: { error: UNAVAILABLE_LINE }, outcome: 'failed' as const };
      }
      return { status: 200, body: await assistantRequestAnswer(deps, orgId, connector, answer.reply) };
    }
    case 'tool-calls': {
      const livemode = await livemodeOfCall(deps.knex, orgId, connector, event.call);
      const end = performance.now();
      const results = await withLivemode(livemode, () => runToolCalls(deps, orgId, connector, event));
      // What the caller waits for: the whole message, observed under each tool it carried.
      const seconds = (performance.now() - end) / 1000;
      for (const name of new Set(event.toolCalls.map((c) => c.name))) deps.metrics.toolCallDuration.observe({ tool: toolLabel(name) }, seconds);
      return { status: 200, body: toolCallsAnswer(connector, results) };
    }
    default: {
      // Stored before the 200 (an end-of-call-report is sent once and never retried); its job after it.
      const stored = await storeVoiceMessage(deps, orgId, connector, event, req.rawBody);
      const inboxId = stored.inboxId;
      return { status: 200, body: { received: true }, ...(inboxId ? { after: () => enqueueStored(deps, orgId, inboxId) } : {}) };
    }
  }
}

/** Tool names come from the vendor's payload: only the ones we offer become label values. */
const toolLabel = (name: string) => ((TOOL_NAMES as readonly string[]).includes(name) ? name : 'other');
