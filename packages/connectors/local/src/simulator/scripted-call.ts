/**
 * Plays a whole simulated call against our own webhook: the caller's lines come from a script (or,
 * outbound, from the simulated callee), the agent's tool choices from the deterministic brain, and
 * every server message goes out through `connector.emit`, signed exactly as the simulator always
 * signs. Time is simulated (about 150 words a minute), so with a fixed `now` and a deterministic
 * server two runs produce identical conversations.
 */
import { randomUUID } from 'node:crypto';
import {
  ConnectorError,
  asArray,
  asObject,
  asString,
  type AssistantSpec,
  type CallStatus,
  type ConversationMessage,
  type VoiceServerEvent,
} from '@voxanne/connector-kit';
import { afterToolResults, decideTurn, initialBrainState, type BrainToolCall, type ToolOutcome } from './brain.ts';
import { simulatedCallee } from './callee.ts';
import type { DeliveredMessage, SimulatorVoice } from './voice.ts';

export interface ScriptedCallOptions {
  connector: SimulatorVoice;
  /** An existing call in the connector's store: from receiveInboundCall or startCall. */
  externalCallId: string;
  /** The caller's lines. Inbound: required. Outbound: defaults to the simulated callee's script. */
  callerTurns?: readonly string[];
  /** Where every message goes. Default: the assistant's serverUrl (the number's, for assistant-requests). */
  url?: string;
  /** When the call starts; the simulated clock runs from here. Default: the real time. */
  now?: () => Date;
  /** IANA zone for "tomorrow", "Tuesday"... Default: the assistant metadata's `timezone`, else UTC. */
  timeZone?: string;
  /** Called with each message as it happens, so a UI can show the conversation live. */
  onMessage?: (m: ConversationMessage) => void;
}

export interface ScriptedToolCall {
  toolCallId: string;
  name: string;
  arguments: Record<string, unknown>;
  result: string | null;
  error: string | null;
}

export interface ScriptedCallResult {
  externalCallId: string;
  messages: ConversationMessage[];
  toolCalls: ScriptedToolCall[];
  endedReason: string;
  /** The assistant the call ended up with (after an assistant-request), if any. */
  assistantExternalId: string | null;
}

export const DEFAULT_INBOUND_GREETING = 'Hello, thanks for calling. How can I help you today?';
export const DEFAULT_OUTBOUND_GREETING = 'Hi, this is the clinic calling. Do you have a moment?';
export const DEFAULT_GOODBYE = 'Thanks for calling. Goodbye!';
export const DEFAULT_VOICEMAIL = 'Hello, this is a message from the clinic. Please call us back when you can.';

// Simulated time, in tenths of a second so sums stay exact: 150 words a minute is 0.4 s a word.
const TENTHS_PER_WORD = 4;
const PAUSE_TENTHS = 5;
const TOOL_TENTHS = 10;

type Connected = { ok: true; spec: AssistantSpec } | { ok: false; status: CallStatus | null; endedReason: string };

export async function runScriptedCall(opts: ScriptedCallOptions): Promise<ScriptedCallResult> {
  const { connector, externalCallId } = opts;
  const store = connector.store;
  const call = store.calls.get(externalCallId);
  if (!call) throw new ConnectorError({ connector: connector.id, code: 'not_found', message: `${connector.id}: no call ${externalCallId}`, status: 404 });
  if (call.direction === 'inbound' && !opts.callerTurns) {
    throw new ConnectorError({ connector: connector.id, code: 'invalid_request', message: `${connector.id}: an inbound scripted call needs callerTurns` });
  }

  const start = (opts.now ?? (() => new Date()))().getTime();
  let tenths = 0;
  const at = () => new Date(start + tenths * 100).toISOString();
  const seconds = () => tenths / 10;

  const messages: ConversationMessage[] = [];
  const toolCalls: ScriptedToolCall[] = [];
  const send = (event: VoiceServerEvent): Promise<DeliveredMessage> => connector.emit(event, opts.url ? { url: opts.url } : {});
  // The ref is rebuilt per event: after an assistant-request the call carries the new assistant's metadata.
  const base = () => ({ call: connector.callRef(externalCallId), timestamp: at() });
  const status = (s: CallStatus, endedReason: string | null = null) => send({ type: 'status-update', ...base(), status: s, endedReason });
  const record = (m: ConversationMessage) => {
    messages.push(m);
    opts.onMessage?.(m);
  };
  const say = async (role: 'assistant' | 'user', text: string) => {
    record({ role, text, secondsFromStart: seconds() });
    await send({ type: 'transcript', ...base(), role, transcriptType: 'final', text });
    tenths += Math.max(1, text.split(/\s+/).filter(Boolean).length) * TENTHS_PER_WORD + PAUSE_TENTHS;
  };
  const runTool = async (c: BrainToolCall): Promise<ToolOutcome> => {
    const toolCallId = `${externalCallId}-tool-${toolCalls.length + 1}`;
    const reply = await send({ type: 'tool-calls', ...base(), toolCalls: [{ toolCallId, name: c.name, arguments: c.arguments }] });
    const { result, error } = readToolReply(reply, toolCallId);
    toolCalls.push({ toolCallId, name: c.name, arguments: c.arguments, result, error });
    record({ role: 'tool', text: result ?? error ?? '', secondsFromStart: seconds() });
    tenths += TOOL_TENTHS;
    return { name: c.name, arguments: c.arguments, result, error };
  };
  const finish = async (endedReason: string): Promise<ScriptedCallResult> => {
    const transcript = messages
      .filter((m) => m.role === 'assistant' || m.role === 'user')
      .map((m) => `${m.role === 'assistant' ? 'AI' : 'User'}: ${m.text}`)
      .join('\n');
    await send({
      type: 'end-of-call-report',
      ...base(),
      endedReason,
      transcript: transcript || null,
      messages: structuredClone(messages),
      summary: null,
      structuredData: null,
      recordingUrl: null,
      cost: null,
      startedAt: new Date(start).toISOString(),
      endedAt: at(),
      durationSeconds: seconds(),
    });
    await status('ended', endedReason);
    return { externalCallId, messages, toolCalls, endedReason, assistantExternalId: call.assistantId };
  };

  const connected = await connect(opts, send, base, at);
  if (!connected.ok) {
    if (connected.status) await status(connected.status);
    return finish(connected.endedReason);
  }
  const spec = connected.spec;

  let turns = opts.callerTurns ?? [];
  if (call.direction === 'outbound') {
    await status('ringing');
    const callee = simulatedCallee(call.customerNumber);
    if (callee.kind === 'no-answer') return finish('customer-did-not-answer');
    if (callee.kind === 'busy') return finish('customer-busy');
    await status('in-progress');
    if (callee.kind === 'voicemail') {
      await say('assistant', spec.voicemailMessage ?? DEFAULT_VOICEMAIL);
      return finish('voicemail');
    }
    turns = opts.callerTurns ?? callee.turns;
  } else {
    await status('in-progress');
  }

  await say('assistant', spec.firstMessage ?? (call.direction === 'outbound' ? DEFAULT_OUTBOUND_GREETING : DEFAULT_INBOUND_GREETING));
  const enabledTools = spec.tools.map((t) => t.name);
  const timeZone = opts.timeZone ?? spec.metadata.timezone ?? spec.metadata.timeZone ?? null;
  let state = initialBrainState();
  let endedReason = 'customer-ended-call';
  let goodbye = true;
  for (const utterance of turns) {
    if (spec.maxDurationSeconds && seconds() >= spec.maxDurationSeconds) {
      endedReason = 'exceeded-max-duration';
      break;
    }
    await say('user', utterance);
    const turn = decideTurn({ utterance, state, enabledTools, callerNumber: call.customerNumber, now: new Date(start + tenths * 100), timeZone });
    state = turn.state;
    // The brain already keeps to enabled tools; this guard holds even if its rules change.
    const allowed = turn.toolCalls.filter((c) => enabledTools.includes(c.name));
    if (allowed.length) {
      const outcomes: ToolOutcome[] = [];
      for (const c of allowed) outcomes.push(await runTool(c));
      const after = afterToolResults(state, outcomes);
      state = after.state;
      await say('assistant', after.reply);
      if (outcomes.some((o) => o.name === 'transfer_call' && o.result !== null)) {
        // A person takes over: the call leaves the assistant without a goodbye.
        endedReason = 'assistant-forwarded-call';
        goodbye = false;
        break;
      }
    } else if (turn.reply) {
      await say('assistant', turn.reply);
    }
    if (turn.end) {
      endedReason = 'assistant-ended-call';
      break;
    }
  }
  if (goodbye) await say('assistant', spec.endCallMessage ?? DEFAULT_GOODBYE);
  return finish(endedReason);
}

/**
 * Settles which assistant takes the call. A number without one asks our server (assistant-request),
 * exactly as Vapi would; a transient assistant in the answer is stored so later messages carry its
 * metadata and server URL.
 */
async function connect(
  opts: ScriptedCallOptions,
  send: (e: VoiceServerEvent) => Promise<DeliveredMessage>,
  base: () => { call: ReturnType<SimulatorVoice['callRef']>; timestamp: string },
  at: () => string,
): Promise<Connected> {
  const store = opts.connector.store;
  const call = store.calls.get(opts.externalCallId)!;
  const existing = call.assistantId ? store.assistants.get(call.assistantId) : undefined;
  if (existing) return { ok: true, spec: existing.spec };
  if (call.direction === 'outbound') {
    throw new ConnectorError({ connector: opts.connector.id, code: 'not_found', message: `${opts.connector.id}: the call's assistant no longer exists`, status: 404 });
  }
  call.assistantId = null;
  const failed: Connected = { ok: false, status: null, endedReason: 'assistant-request-failed' };
  const reply = await send({ type: 'assistant-request', ...base() });
  const body = asObject(reply.body);
  if (reply.status !== 200 || !body) return failed;

  const id = asString(body.assistantExternalId);
  if (id) {
    if (!store.assistants.has(id)) return failed;
    call.assistantId = id;
    return { ok: true, spec: store.assistants.get(id)!.spec };
  }
  const transient = transientSpec(body.assistant);
  if (transient) {
    const newId = `sim_asst_${randomUUID()}`;
    store.assistants.set(newId, { id: newId, spec: transient, createdAt: at(), updatedAt: at() });
    call.assistantId = newId;
    return { ok: true, spec: transient };
  }
  if (asString(body.forwardTo)) return { ok: false, status: 'forwarding', endedReason: 'assistant-forwarded-call' };
  return failed;
}

/** Just enough checking that the rest of the run can rely on `tools` and `metadata`. */
function transientSpec(v: unknown): AssistantSpec | null {
  const o = asObject(v);
  const metadata = asObject(o?.metadata);
  if (!o || !metadata || !Array.isArray(o.tools) || !o.tools.every((t) => typeof asObject(t)?.name === 'string')) return null;
  if (!Object.values(metadata).every((x) => typeof x === 'string')) return null;
  return structuredClone(o) as unknown as AssistantSpec;
}

function readToolReply(reply: DeliveredMessage, toolCallId: string): { result: string | null; error: string | null } {
  if (reply.status !== 200) return { result: null, error: `The server answered ${reply.status} to the tool call.` };
  const entry = asArray(asObject(reply.body)?.results)
    .map(asObject)
    .find((r) => r?.toolCallId === toolCallId);
  const error = asString(entry?.error);
  if (error !== null) return { result: null, error };
  const result = asString(entry?.result);
  return result !== null ? { result, error: null } : { result: null, error: 'The server sent no result for the tool call.' };
}
