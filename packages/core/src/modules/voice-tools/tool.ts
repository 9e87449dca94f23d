/**
 * The shape of a voice tool: what the model is given, how its arguments are checked, what it does, and
 * whether it writes. One file per tool in this folder; index.ts lists them (decision 0017).
 */
import type { ToolSpec } from '@voxanne/connector-kit';
import type { components } from '../../generated/api.ts';
import type { Deps } from '../../platform/deps.ts';
import type { AuditOrigin } from '../audit/index.ts';
import type { BookingActor } from '../bookings/index.ts';

/** A tool as an agent's configuration enables it (the contract's enum of tool types). */
export type AgentTool = components['schemas']['AgentConfig']['tools'][number];
export type ToolType = AgentTool['type'];

/** The model's arguments as they arrived: anything may be in them. */
export type RawArgs = Record<string, unknown>;

export interface VoiceToolContext {
  deps: Deps;
  orgId: string;
  /** The call, recorded as the actor in the audit log. */
  callId?: string;
  /** Caller id, used when the patient gives no number. */
  callerPhone?: string;
}

/** What the dispatcher (calls/tool-calls.ts) gives a handler. */
export interface ToolContext extends VoiceToolContext {
  /** The tools of the agent configuration the call runs on, or null when it cannot be found. Read when asked. */
  agentTools(): Promise<AgentTool[] | null>;
}

export interface ToolOutcome {
  ok: boolean;
  /** One sentence for the agent to say. */
  say: string;
  data?: Record<string, unknown>;
}

/** What one tool answered: a line for the model, and whether it is a result or an error. */
export interface ToolLine {
  ok: boolean;
  line: string;
  timedOut?: boolean;
  /** A timeline entry for the call (a transfer). */
  event?: { type: string; detail: string };
}

export interface VoiceTool<Name extends ToolType, Args> {
  name: Name;
  /** What the model is given: name, description and the JSON Schema of the arguments. */
  spec: Omit<ToolSpec, 'transferTo'> & { name: Name };
  /** Effects outside the conversation: a retried call must not run it twice, so the dispatcher looks up earlier answers first. */
  writes: boolean;
  /** Checks the model's arguments; throws ArgError (args.ts) naming the bad one. Unknown extra arguments are ignored. */
  parse(raw: RawArgs): Args;
  handle(ctx: ToolContext, args: Args): Promise<ToolLine>;
  /** Said instead of the generic apology past the deadline or after an error. A write may still complete, so it never claims it failed. */
  apology?: string;
}

export const defineTool = <Name extends ToolType, Args>(tool: VoiceTool<Name, Args>): VoiceTool<Name, Args> => tool;

/** The machine-readable hint the model books with: exact start times, ISO 8601 with the clinic's offset. */
const withTimes = (say: string, starts: unknown) => (Array.isArray(starts) && starts.length ? `${say} Times: ${starts.join(', ')}` : say);

export const fromOutcome = (o: ToolOutcome, starts?: unknown): ToolLine => ({ ok: o.ok, line: withTimes(o.say, starts) });

export const actorOf = (ctx: VoiceToolContext): BookingActor => {
  const origin: AuditOrigin = { actorType: 'system', actorId: ctx.callId ?? null, ip: null, userAgent: null, requestId: null };
  return { orgId: ctx.orgId, origin };
};
