/**
 * tool-calls: the model wants one or more of our tools run while the caller waits. Each runs in parallel
 * under a hard deadline and answers ONE line (Vapi requires single-line strings; the simulator's brain
 * reads the same lines). The answer is always a list of results, never an HTTP error: a bad argument, an
 * unknown tool, a slow database or a bug each become a line the model can say or act on.
 *
 * Round trips are the budget (this is the benchmarked path): with the org's scheduling catalog cached, a
 * check_availability message is two statements, its busy time and its record (which finds the call too).
 * Other tools run their own transactions plus one that records. Write tools add one lookup first, so a
 * vendor retry of the same toolCallId answers what was recorded instead of booking twice.
 *
 * The tools themselves (spec, parser, handler, whether they write) live one per file in modules/voice-tools;
 * this file runs them through that registry and records what they answered.
 */
import { oneLine, type ToolCall, type ToolCallResult, type ToolCallsEvent, type VoiceCallRef } from '@voxanne/connector-kit';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import type { Deps } from '../../platform/deps.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { statement } from '../../platform/db/statements.ts';
import { ApiError } from '../../platform/errors.ts';
import { isId } from '../../platform/ids.ts';
import { redactDeep, redactText } from '../../platform/phi/index.ts';
import type { AgentConfig } from '../agents/index.ts';
import { availabilityLine, parseToolCall, runTool, TOOL_APOLOGIES, WRITE_TOOLS, type AvailabilityArgs, type ParsedTool, type ToolContext, type ToolLine } from '../voice-tools/index.ts';
import { resolveCall } from './call-rows.ts';
import { withDeadline, type Deadlined } from './tool-deadline.ts';

/**
 * Past the deadline or after an error. A write may still complete after we gave up on it, so its apology
 * never claims it failed: it says we cannot confirm, and that the clinic will.
 */
export const APOLOGY: Record<string, string> = {
  ...TOOL_APOLOGIES,
  default: 'Sorry, that is taking longer than it should on my side. Could you ask me again in a moment? Or I can have someone from the clinic call you back.',
};
const apologyFor = (name: string) => APOLOGY[name] ?? APOLOGY.default!;

const metaId = (call: VoiceCallRef, key: string, kind: 'agent' | 'agentRevision') => {
  const v = call.metadata[key];
  return isId(kind, v) ? v : null;
};

/** The agent configuration the call runs on: the revision in its metadata, else its agent's published one. */
async function callConfig(tx: Tx, connector: VoiceConnectorId, call: VoiceCallRef): Promise<AgentConfig | null> {
  const revisionId = metaId(call, 'revisionId', 'agentRevision');
  if (revisionId) {
    const rev = await tx('agent_revisions').where({ id: revisionId }).first('config');
    if (rev) return rev.config as AgentConfig;
  }
  let agentId = metaId(call, 'agentId', 'agent');
  if (!agentId && call.externalCallId) agentId = (await tx('calls').where({ connector, external_call_id: call.externalCallId }).first('agent_id'))?.agent_id ?? null;
  if (!agentId) return null;
  const live = await tx('agents as a').join('agent_revisions as r', 'r.id', 'a.live_revision_id').where('a.id', agentId).first('r.config');
  return (live?.config as AgentConfig | undefined) ?? null;
}

async function execute(deps: Deps, orgId: string, connector: VoiceConnectorId, event: ToolCallsEvent, tool: ParsedTool, callId: string | undefined): Promise<ToolLine> {
  const ctx: ToolContext = {
    deps,
    orgId,
    ...(callId ? { callId } : {}),
    ...(event.call.customerNumber ? { callerPhone: event.call.customerNumber } : {}),
    agentTools: async () => (await inScope(deps.knex, { orgId }, (tx) => callConfig(tx, connector, event.call)))?.tools ?? null,
  };
  return runTool(ctx, tool);
}

/** Codes only: an error message may quote the arguments (names, numbers). */
const errorCode = (err: unknown) => (err instanceof ApiError ? err.code : ((err as { code?: unknown })?.code as string | undefined) ?? (err as Error)?.name ?? 'unknown');

const toolLog = (deps: Deps, orgId: string, call: ToolCall) => (what: string, err?: unknown) =>
  deps.logger.warn({ orgId, tool: call.name, toolCallId: call.toolCallId, ...(err ? { code: errorCode(err) } : {}) }, what);

interface Ran {
  call: ToolCall;
  line: ToolLine;
  ms: number;
  /** Already recorded (an earlier delivery of the same tool call, or recorded with the check itself). */
  recorded?: boolean;
}

/** What a write tool learns before it runs: the call row, and whether this tool call was answered before. */
interface Prior {
  callId: string | undefined;
  earlier: Map<string, { ok: boolean; result: string }>;
}

async function runOne(deps: Deps, orgId: string, connector: VoiceConnectorId, event: ToolCallsEvent, call: ToolCall, prior: (() => Promise<Prior>) | null): Promise<Ran> {
  const parsed = parseToolCall(call.name, call.arguments);
  if (!parsed.ok) return { call, line: { ok: false, line: parsed.error }, ms: 0 };
  let recorded = false;
  const log = toolLog(deps, orgId, call);
  // The look-up for a retry is inside the deadline too: a database too slow to answer it is a slow dependency like any other.
  const work = async (): Promise<ToolLine> => {
    const known = prior ? await prior() : null;
    const earlier = known?.earlier.get(call.toolCallId);
    if (earlier) {
      recorded = true;
      return { ok: earlier.ok, line: earlier.result };
    }
    return execute(deps, orgId, connector, event, parsed.tool, known?.callId);
  };
  const outcome = await withDeadline(work, deps.config.voiceToolDeadlineMs, (err) => log('voice tool failed after its deadline', err));
  return settle(deps, orgId, call, outcome, recorded);
}

/**
 * The benchmarked case, a message with one check_availability: the check (the org's catalog is cached, so
 * one statement: the busy time) and the record of the tool call (one statement that finds the call and
 * inserts). Past the deadline the late check records nothing, and the apology is recorded like any other.
 */
async function runAvailability(deps: Deps, orgId: string, connector: VoiceConnectorId, event: ToolCallsEvent, call: ToolCall, args: AvailabilityArgs): Promise<Ran> {
  const log = toolLog(deps, orgId, call);
  const started = performance.now();
  let gaveUp = false;
  let recorded = false;
  const work = async (): Promise<ToolLine> => {
    const line = await availabilityLine({ deps, orgId }, args);
    if (gaveUp) return line;
    try {
      recorded = await recordOne(deps, orgId, connector, event.call, { call, line, ms: Math.round(performance.now() - started) });
    } catch (err) {
      // Only the record failed: the caller still gets the times.
      log('voice tool calls: could not record', err);
    }
    return line;
  };
  const outcome = await withDeadline(work, deps.config.voiceToolDeadlineMs, (err) => log('voice tool failed after its deadline', err));
  if (outcome.kind !== 'done') gaveUp = true;
  return settle(deps, orgId, call, outcome, recorded);
}

/** A finished, failed or abandoned run as the caller hears it. */
function settle(deps: Deps, orgId: string, call: ToolCall, outcome: Deadlined<ToolLine>, recorded: boolean): Ran {
  const log = toolLog(deps, orgId, call);
  if (outcome.kind === 'done') return { call, line: outcome.value, ms: outcome.ms, ...(recorded ? { recorded } : {}) };
  if (outcome.kind === 'timeout') {
    log('voice tool missed its deadline');
    return { call, line: { ok: false, line: apologyFor(call.name), timedOut: true }, ms: outcome.ms };
  }
  log('voice tool failed', outcome.error);
  return { call, line: { ok: false, line: apologyFor(call.name) }, ms: outcome.ms };
}

/** Tool arguments as stored: PHI redacted, and the caller's name (which the redactor does not detect) too. */
function storedArguments(args: Record<string, unknown>): Record<string, unknown> {
  const out = redactDeep(args);
  if (typeof out.patient_name === 'string') out.patient_name = '[NAME]';
  return out;
}

function storedRow(orgId: string, callId: string, r: Ran) {
  return {
    org_id: orgId,
    call_id: callId,
    tool_call_id: r.call.toolCallId,
    name: r.call.name.slice(0, 100),
    arguments: JSON.stringify(storedArguments(r.call.arguments)),
    ok: r.line.ok,
    result: redactText(r.line.line).text,
    duration_ms: r.ms,
    timed_out: r.line.timedOut === true,
  };
}

async function record(tx: Tx, orgId: string, callId: string, ran: Ran[]): Promise<void> {
  const fresh = ran.filter((r) => !r.recorded);
  if (!fresh.length) return;
  await tx('call_tool_calls')
    .insert(fresh.map((r) => storedRow(orgId, callId, r)))
    .onConflict(['org_id', 'call_id', 'tool_call_id'])
    .ignore();
  const events = fresh.flatMap((r) => (r.line.event ? [{ org_id: orgId, call_id: callId, type: r.line.event.type, detail: r.line.event.detail }] : []));
  if (events.length) await tx('call_events').insert(events);
}

/** The call row and the earlier answers to these tool calls (a vendor retry), in one transaction. */
async function priorAnswers(deps: Deps, orgId: string, connector: VoiceConnectorId, event: ToolCallsEvent): Promise<Prior> {
  return inScope(deps.knex, { orgId }, async (tx) => {
    const call = await resolveCall(tx, orgId, connector, event.call);
    const rows: { tool_call_id: string; ok: boolean; result: string }[] = call
      ? await tx('call_tool_calls').where({ call_id: call.id }).whereIn('tool_call_id', event.toolCalls.map((t) => t.toolCallId)).select('tool_call_id', 'ok', 'result')
      : [];
    return { callId: call?.id, earlier: new Map(rows.map((r) => [r.tool_call_id, r])) };
  });
}

/**
 * Records one tool call of a call that already has its row (every message after a call's first): one
 * statement finds the row by the vendor's call id and inserts, idempotently per toolCallId. A call whose
 * row does not exist yet, or that carries our own id (outbound), takes the full path that creates or links it.
 */
const RECORD_ONE = statement<{ call_id: string | null }>(
  'record_tool_call',
  `with c as (select id from calls where connector = $1 and external_call_id = $2),
        ins as (insert into call_tool_calls (org_id, call_id, tool_call_id, name, arguments, ok, result, duration_ms, timed_out)
                select $3::text, c.id, $4::text, $5::text, $6::jsonb, $7::boolean, $8::text, $9::int, $10::boolean from c
                on conflict (org_id, call_id, tool_call_id) do nothing)
   select (select id from c) as call_id`,
);

async function recordOne(deps: Deps, orgId: string, connector: VoiceConnectorId, ref: VoiceCallRef, ran: Ran): Promise<boolean> {
  if (ref.externalCallId && ref.metadata.voxanneCallId === undefined) {
    const r = storedRow(orgId, '', ran);
    const [row] = await deps.db.sql.one({ orgId }, RECORD_ONE, [connector, ref.externalCallId, orgId, r.tool_call_id, r.name, r.arguments, r.ok, r.result, r.duration_ms, r.timed_out]);
    if (row?.call_id) return true;
  }
  return inScope(deps.knex, { orgId }, async (tx) => {
    const id = (await resolveCall(tx, orgId, connector, ref))?.id;
    if (id) await record(tx, orgId, id, [ran]);
    return !!id;
  });
}

function toResult(r: Ran): ToolCallResult {
  const line = oneLine(r.line.line);
  return r.line.ok ? { toolCallId: r.call.toolCallId, name: r.call.name, result: line } : { toolCallId: r.call.toolCallId, name: r.call.name, error: line };
}

export async function runToolCalls(deps: Deps, orgId: string, connector: VoiceConnectorId, event: ToolCallsEvent): Promise<ToolCallResult[]> {
  if (!event.toolCalls.length) return [];
  // Read-only tools skip the look-up: running them again is harmless, and it is a round trip saved.
  let settled: Prior | undefined;
  let pending: Promise<Prior> | undefined;
  const prior = () =>
    (pending ??= priorAnswers(deps, orgId, connector, event).then((p) => {
      settled = p;
      return p;
    }));

  // One run per toolCallId, even if a message lists the same call twice.
  const unique = [...new Map(event.toolCalls.map((c) => [c.toolCallId, c])).values()];
  const single = unique.length === 1 ? parseToolCall(unique[0]!.name, unique[0]!.arguments) : null;
  const ran =
    single?.ok && single.tool.name === 'check_availability'
      ? [await runAvailability(deps, orgId, connector, event, unique[0]!, single.tool.args)]
      : await Promise.all(unique.map((call) => runOne(deps, orgId, connector, event, call, WRITE_TOOLS.has(call.name) ? prior : null)));

  if (ran.some((r) => !r.recorded)) {
    try {
      await inScope(deps.knex, { orgId }, async (tx) => {
        const id = settled?.callId ?? (await resolveCall(tx, orgId, connector, event.call))?.id;
        if (id) await record(tx, orgId, id, ran);
      });
    } catch (err) {
      // The caller still gets the answers; only the call record misses them.
      deps.logger.error({ orgId, code: errorCode(err) }, 'voice tool calls: could not record');
    }
  }
  const byId = new Map(ran.map((r) => [r.call.toolCallId, r]));
  return event.toolCalls.map((call) => toResult({ ...byId.get(call.toolCallId)!, call }));
}
