/**
 * The two wire formats that reach the voice webhook: Vapi's server messages and the simulator's. Both are
 * signed with the same HMAC scheme and arrive on the same URL, so the body decides which parser reads it
 * and which format the answer takes. The only core file that knows both; the webhook speaks kit types.
 */
import { ConnectorError, oneLine, type AssistantRequestReply, type ToolCallResult, type VoiceServerEvent } from '@voxanne/connector-kit';
import { isSimulatorMessage, parseSimulatorMessage } from '@voxanne/connector-local';
import { parseVapiServerMessage, vapiAssistantRequestResponse, vapiToolCallsResponse } from '@voxanne/connector-vapi';
import type { Deps } from '../platform/deps.ts';
import { withoutNul } from '../platform/http/nul-guard.ts';
import type { VoiceConnectorId } from './types.ts';

export interface ParsedVoiceMessage {
  connector: VoiceConnectorId;
  event: VoiceServerEvent;
  /** The vendor's message type as sent, for messages the parser did not recognise ('' when absent). */
  vendorType: string;
}

/** Parses an already-verified JSON body. Never throws: unknown shapes become `{ type: 'unknown' }`. */
export function parseVoiceMessage(raw: unknown): ParsedVoiceMessage {
  // A signed vendor message is kept, not refused (a report is sent once): NULs go, since SQL cannot store them.
  const json = withoutNul(raw);
  const connector: VoiceConnectorId = isSimulatorMessage(json) ? 'simulator' : 'vapi';
  const event = connector === 'simulator' ? parseSimulatorMessage(json) : parseVapiServerMessage(json);
  return { connector, event, vendorType: event.type === 'unknown' ? event.vendorType : event.type };
}

export function toolCallsAnswer(connector: VoiceConnectorId, results: ToolCallResult[]): unknown {
  if (connector === 'vapi') return vapiToolCallsResponse(results);
  // The simulator's reply format is the kit's neutral one.
  return {
    results: results.map((r) => ({ toolCallId: r.toolCallId, name: r.name, ...(r.error !== undefined ? { error: oneLine(r.error) } : { result: oneLine(r.result ?? '') }) })),
  };
}

/** Spoken to the caller when the agent cannot run on the vendor at all (e.g. a local-only voice on Vapi). */
const CANNOT_DEPLOY = "Sorry, this line isn't set up to take calls right now. Please call back later.";

/**
 * The answer to an assistant-request in the vendor's format. An inline assistant on Vapi carries the org's
 * server credential (so Vapi signs the tool calls it sends back) and our payload rules; building the org's
 * Vapi connector reads its stored integration but calls nothing at the vendor.
 */
export async function assistantRequestAnswer(deps: Pick<Deps, 'connectors'>, orgId: string, connector: VoiceConnectorId, reply: AssistantRequestReply): Promise<unknown> {
  if (connector === 'simulator') return reply;
  const vapi = 'assistant' in reply ? await deps.connectors.voice(orgId, 'vapi').catch(() => null) : null;
  try {
    return vapi ? vapi.assistantRequestResponse(reply) : vapiAssistantRequestResponse(reply, { serverTimeoutSeconds: 20 });
  } catch (err) {
    if (err instanceof ConnectorError) return { error: CANNOT_DEPLOY };
    throw err;
  }
}
