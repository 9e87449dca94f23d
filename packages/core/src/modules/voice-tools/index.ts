/**
 * The voice tools: what a live call's agent may do. One file per tool holds its spec (what the model is
 * given), its argument parser, its handler and whether it writes; this registry lists them, and everything
 * else derives from it: the specs an agent is deployed with (agents), the parsing and dispatch of tool
 * calls (calls/tool-calls.ts), the write tools that look up a retry first. Decision 0017.
 */
import type { ToolSpec } from '@voxanne/connector-kit';
import { ArgError } from './args.ts';
import { bookAppointmentTool } from './book-appointment.ts';
import { cancelAppointmentTool } from './cancel-appointment.ts';
import { checkAvailabilityTool } from './check-availability.ts';
import { lookupKnowledgeTool } from './lookup-knowledge.ts';
import { sendSmsTool } from './send-sms.ts';
import type { AgentTool, RawArgs, ToolContext, ToolLine, ToolType, VoiceTool } from './tool.ts';
import { transferCallTool } from './transfer-call.ts';

export type { AgentTool, ToolContext, ToolLine, ToolOutcome, ToolType, VoiceTool, VoiceToolContext } from './tool.ts';
export { availabilityLine, checkAvailability, type AvailabilityArgs } from './check-availability.ts';
export { bookAppointment } from './book-appointment.ts';
export { cancelAppointment, type CancelArgs } from './cancel-appointment.ts';
export { sendSms } from './send-sms.ts';
export { KNOWLEDGE_UNAVAILABLE } from './lookup-knowledge.ts';
export { TRANSFERRING } from './transfer-call.ts';

/** Every voice tool, one per tool type of the contract (AgentConfig.tools), in the order errors list them. */
export const VOICE_TOOLS = {
  check_availability: checkAvailabilityTool,
  book_appointment: bookAppointmentTool,
  cancel_appointment: cancelAppointmentTool,
  lookup_knowledge: lookupKnowledgeTool,
  send_sms: sendSmsTool,
  transfer_call: transferCallTool,
} satisfies { [K in ToolType]: VoiceTool<K, unknown> };

export type ToolName = keyof typeof VOICE_TOOLS;
export const TOOL_NAMES = Object.keys(VOICE_TOOLS) as readonly ToolName[];

/** Tools with effects outside the conversation: a retried call must not run them twice. */
export const WRITE_TOOLS: ReadonlySet<string> = new Set(TOOL_NAMES.filter((n) => VOICE_TOOLS[n].writes));

type ArgsOf<K extends ToolName> = ReturnType<(typeof VOICE_TOOLS)[K]['parse']>;
export type ParsedTool = { [K in ToolName]: { name: K; args: ArgsOf<K> } }[ToolName];

/**
 * The model writes the arguments, so anything may arrive: a bad argument becomes an error that names it,
 * which the model can correct on its next try. Unknown extra arguments are ignored.
 */
export function parseToolCall(name: string, raw: RawArgs): { ok: true; tool: ParsedTool } | { ok: false; error: string } {
  if (!(TOOL_NAMES as readonly string[]).includes(name)) return { ok: false, error: `Unknown tool "${name.slice(0, 60)}". Available tools: ${TOOL_NAMES.join(', ')}.` };
  try {
    const tool = VOICE_TOOLS[name as ToolName];
    return { ok: true, tool: { name: tool.name, args: tool.parse(raw) } as ParsedTool };
  } catch (err) {
    if (err instanceof ArgError) return { ok: false, error: `Invalid arguments for ${name}: ${err.message}.` };
    throw err;
  }
}

/** Runs a parsed tool call with its tool's handler. */
export function runTool(ctx: ToolContext, parsed: ParsedTool): Promise<ToolLine> {
  const tool = VOICE_TOOLS[parsed.name] as unknown as VoiceTool<ToolName, ParsedTool['args']>;
  return tool.handle(ctx, parsed.args);
}

/** The apologies of the tools that have their own (write tools), by tool name. */
export const TOOL_APOLOGIES: Readonly<Record<string, string>> = Object.fromEntries(
  TOOL_NAMES.flatMap((n) => {
    const apology = (VOICE_TOOLS[n] as VoiceTool<ToolName, unknown>).apology;
    return apology ? [[n, apology]] : [];
  }),
);

/**
 * The tools an agent may enable, as the function specs the voice vendor gives the LLM. The calls come back
 * to our webhook (issue #5); transfer_call's destination stays on our side (in the revision) rather than in
 * the prompt, and rides along as `transferTo` for vendors that transfer natively.
 */
export function toolSpecs(tools: readonly AgentTool[]): ToolSpec[] {
  return tools.map((t) => ({ ...structuredClone(VOICE_TOOLS[t.type].spec), ...(t.type === 'transfer_call' && t.destination ? { transferTo: t.destination } : {}) }));
}
