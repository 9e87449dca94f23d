/** Our answers to Vapi's request-response server messages, in the shapes Vapi documents. */
import type { Vapi } from '@vapi-ai/server-sdk';
import { oneLine, type AssistantRequestReply, type ToolCallResult } from '@voxanne/connector-kit';
import { buildAssistantPayload, type PayloadOptions } from './assistant-payload.ts';

export function vapiToolCallsResponse(results: ToolCallResult[]): Vapi.ServerMessageResponseToolCalls {
  return {
    results: results.map((r) => ({
      toolCallId: r.toolCallId,
      name: r.name,
      ...(r.error !== undefined ? { error: oneLine(r.error) } : { result: oneLine(r.result ?? '') }),
    })),
  };
}

export function vapiAssistantRequestResponse(reply: AssistantRequestReply, opts: PayloadOptions): Record<string, unknown> {
  if ('assistantExternalId' in reply) return { assistantId: reply.assistantExternalId };
  if ('assistant' in reply) return { assistant: buildAssistantPayload(reply.assistant, opts) };
  if ('forwardTo' in reply) return { destination: { type: 'number', number: reply.forwardTo } };
  return { error: reply.error };
}
