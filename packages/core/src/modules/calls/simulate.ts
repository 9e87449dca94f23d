/**
 * Simulated calls drive our own voice webhook with the signed messages Vapi would send, delivered
 * in-process through the same handler as HTTP (signature check included), so a test call exercises
 * exactly the production path: verification, tools, inbox, ingest, analysis.
 */
import type { ConversationMessage } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import type { SimulationDeliver } from '../../connectors/simulation.ts';
import { handleVoiceWebhook } from './webhook.ts';

const WEBHOOK_PATH = /\/v1\/voice\/webhooks\/([^/?#]+)$/;

/** `paceMs` spaces the conversation out so a live view can follow it turn by turn. */
export function inProcessDeliver(deps: Deps, opts: { paceMs?: number } = {}): SimulationDeliver {
  return async ({ url, headers, body }) => {
    const orgId = WEBHOOK_PATH.exec(new URL(url).pathname)?.[1] ?? '';
    if (opts.paceMs && body.includes('"type":"transcript"')) await new Promise((r) => setTimeout(r, opts.paceMs));
    const answer = await handleVoiceWebhook(deps, orgId, { rawBody: body, headers });
    if (answer.after) void answer.after();
    // Through JSON, as over the wire: the simulator must not see our objects by reference.
    return { status: answer.status, body: answer.body === undefined ? null : (JSON.parse(JSON.stringify(answer.body)) as unknown) };
  };
}

export interface PlayOptions {
  callerTurns?: readonly string[];
  paceMs?: number;
  onMessage?: (m: ConversationMessage) => void;
}

/** Plays a call that already exists in the org's simulated account (rung or dialled) to its end. */
export async function playSimulatedCall(deps: Deps, orgId: string, externalCallId: string, opts: PlayOptions = {}): Promise<{ endedReason: string }> {
  const simulation = await deps.connectors.simulation(orgId);
  return simulation.play(externalCallId, {
    deliver: inProcessDeliver(deps, opts.paceMs ? { paceMs: opts.paceMs } : {}),
    ...(opts.callerTurns ? { callerTurns: opts.callerTurns } : {}),
    ...(opts.onMessage ? { onMessage: opts.onMessage } : {}),
  });
}
