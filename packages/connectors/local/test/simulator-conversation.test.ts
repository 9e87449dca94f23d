import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature, type AssistantSpec, type EndOfCallReportEvent, type ToolSpec, type VoiceServerEvent } from '@voxanne/connector-kit';
import { sampleAssistantSpec, startFakeServer, type FakeReply, type FakeServer } from '@voxanne/connector-kit/testing';
import {
  afterToolResults,
  createSimulatorStore,
  createSimulatorVoice,
  decideTurn,
  extractConfirmationCode,
  initialBrainState,
  isSimulatorMessage,
  parseDateRange,
  parseSimulatorMessage,
  parseSpokenTime,
  runScriptedCall,
  simulatedCallee,
  spokenResult,
  SIMULATOR_TOOLS,
  type BrainState,
  type SimulatorVoice,
} from '../src/index.ts';

const TZ = 'America/New_York';
// 22:00 on Wednesday 25 November in New York, already Thursday in UTC: relative dates must use the clinic's day.
const NOW = new Date('2026-11-26T03:00:00Z');
const CALLER = '+15557654321';
const ALL_TOOLS = [...SIMULATOR_TOOLS];

describe('simulator brain: dates and times', () => {
  const range = (u: string) => parseDateRange(u, NOW, TZ);

  it('resolves relative days in the clinic time zone', () => {
    expect(range('today')).toEqual({ from: '2026-11-25', to: '2026-11-25', named: true });
    expect(parseDateRange('today', NOW, 'UTC')).toEqual({ from: '2026-11-26', to: '2026-11-26', named: true });
    expect(range('tomorrow please')).toMatchObject({ from: '2026-11-26', to: '2026-11-26' });
    expect(range('the day after tomorrow')).toMatchObject({ from: '2026-11-27' });
    expect(parseDateRange('today', NOW, 'Not/A_Zone')).toMatchObject({ from: '2026-11-26' });
  });

  it('reads weekdays: the next one after today, "next" skipping to next week', () => {
    expect(range('Friday')).toMatchObject({ from: '2026-11-27', to: '2026-11-27' });
    expect(range('next Friday')).toMatchObject({ from: '2026-12-04' });
    expect(range('Tuesday')).toMatchObject({ from: '2026-12-01' });
    expect(range('next Tuesday morning')).toMatchObject({ from: '2026-12-01', to: '2026-12-01' });
    expect(range('Wednesday')).toMatchObject({ from: '2026-12-02' });
    expect(range('next week')).toEqual({ from: '2026-11-30', to: '2026-12-06', named: false });
  });

  it('reads explicit dates, rolling past ones into next year', () => {
    expect(range('December 3')).toMatchObject({ from: '2026-12-03', to: '2026-12-03' });
    expect(range('dec 3rd')).toMatchObject({ from: '2026-12-03' });
    expect(range('the 3rd of December')).toMatchObject({ from: '2026-12-03' });
    expect(range('12/03')).toMatchObject({ from: '2026-12-03' });
    expect(range('January 5')).toMatchObject({ from: '2027-01-05' });
    expect(range('2027-02-10')).toMatchObject({ from: '2027-02-10' });
    expect(range('I would like to come in')).toBeNull();
  });

  it('reads spoken times and ignores ordinals, dates and phone numbers', () => {
    expect(parseSpokenTime('9:30 works')).toEqual({ hour: 9, minute: 30, meridiem: null });
    expect(parseSpokenTime('nine thirty')).toEqual({ hour: 9, minute: 30, meridiem: null });
    expect(parseSpokenTime('half past two')).toEqual({ hour: 2, minute: 30, meridiem: null });
    expect(parseSpokenTime('2 pm')).toEqual({ hour: 2, minute: null, meridiem: 'pm' });
    expect(parseSpokenTime('noon')).toEqual({ hour: 12, minute: 0, meridiem: 'pm' });
    expect(parseSpokenTime('9 on 12/03')).toEqual({ hour: 9, minute: null, meridiem: null });
    expect(parseSpokenTime('the first one')).toBeNull();
    expect(parseSpokenTime('call me on +15557654321')).toBeNull();
  });
});

const SLOTS = ['2026-12-01T09:00:00-05:00', '2026-12-01T09:30:00-05:00', '2026-12-01T14:00:00-05:00'];
const AVAILABILITY = `I have 9:00 AM, 9:30 AM or 2:00 PM on Tuesday, December 1. Which works for you? Times: ${SLOTS.join(', ')}`;

describe('simulator brain: decisions', () => {
  const turn = (utterance: string, state: BrainState = initialBrainState(), enabledTools: readonly string[] = ALL_TOOLS) =>
    decideTurn({ utterance, state, enabledTools, callerNumber: CALLER, now: NOW, timeZone: TZ });
  const offered = (extra: Partial<BrainState> = {}): BrainState => ({ ...initialBrainState(), offeredSlots: [...SLOTS], ...extra });

  it('picks one tool per intent', () => {
    expect(turn("I'd like to book a cleaning tomorrow").toolCalls).toEqual([
      { name: 'check_availability', arguments: { date_from: '2026-11-26', date_to: '2026-11-26', service: 'cleaning' } },
    ]);
    expect(turn('Do you have any openings?').toolCalls).toEqual([
      { name: 'check_availability', arguments: { date_from: '2026-11-25', date_to: '2026-12-08' } },
    ]);
    expect(turn("I can't make it on Friday, my code is K 7 P 2 Q X").toolCalls).toEqual([
      { name: 'cancel_appointment', arguments: { patient_phone: CALLER, confirmation_code: 'K7P2QX' } },
    ]);
    expect(turn('Please cancel my appointment').toolCalls).toEqual([{ name: 'cancel_appointment', arguments: { patient_phone: CALLER } }]);
    expect(turn('How much is whitening?').toolCalls).toEqual([{ name: 'lookup_knowledge', arguments: { question: 'How much is whitening?' } }]);
    expect(turn('Do you take Delta Dental insurance').toolCalls[0]?.name).toBe('lookup_knowledge');
    expect(turn('Can you send me a text with the address').toolCalls[0]).toMatchObject({ name: 'send_sms', arguments: { to: CALLER } });
    expect(turn('I need to speak to someone, it is an emergency').toolCalls).toEqual([{ name: 'transfer_call', arguments: { reason: 'Emergency' } }]);
    expect(turn('Can I talk to the front desk').toolCalls[0]).toEqual({ name: 'transfer_call', arguments: { reason: 'Caller asked to speak to a person' } });
    expect(turn("That's all, bye")).toMatchObject({ toolCalls: [], reply: null, end: true });
    expect(turn('Hmm, let me think')).toMatchObject({ toolCalls: [], end: false, reply: expect.stringContaining('book or cancel') });
  });

  it('checks first even when the caller already names a time, then books only on acceptance', () => {
    const first = turn("Hi, I'm Jane Doe, can I book a cleaning next Tuesday morning?");
    expect(first.toolCalls).toEqual([{ name: 'check_availability', arguments: { date_from: '2026-12-01', date_to: '2026-12-01', service: 'cleaning' } }]);
    const afterCheck = afterToolResults(first.state, [{ ...first.toolCalls[0]!, result: AVAILABILITY, error: null }]);
    expect(afterCheck.reply).toBe('I have 9:00 AM, 9:30 AM or 2:00 PM on Tuesday, December 1. Which works for you?');
    expect(afterCheck.state.offeredSlots).toEqual(SLOTS);
    const accept = turn('Yes, nine thirty is perfect', afterCheck.state);
    expect(accept.toolCalls).toEqual([
      { name: 'book_appointment', arguments: { start: SLOTS[1], patient_name: 'Jane Doe', patient_phone: CALLER, service: 'cleaning' } },
    ]);
    const booked = afterToolResults(accept.state, [{ ...accept.toolCalls[0]!, result: 'You are booked. Your code is K 7 P 2 Q X.', error: null }]);
    expect(booked.state).toMatchObject({ offeredSlots: [], bookedLine: 'You are booked. Your code is K 7 P 2 Q X.' });
    expect(turn('Great, can you text me that?', booked.state).toolCalls[0]).toMatchObject({
      name: 'send_sms',
      arguments: { message: 'Thanks for booking with us. You are booked. Your code is K 7 P 2 Q X.' },
    });
  });

  it('chooses the slot by spoken time, then ordinal, then part of day, then the first', () => {
    const start = (u: string, s = offered()) => turn(u, s).toolCalls[0]?.arguments.start;
    expect(start('9:30 please')).toBe(SLOTS[1]);
    expect(start('9 works')).toBe(SLOTS[0]);
    expect(start('two works')).toBe(SLOTS[2]);
    expect(start('2 pm')).toBe(SLOTS[2]);
    expect(start('Tuesday at 2')).toBe(SLOTS[2]);
    expect(start('the second one')).toBe(SLOTS[1]);
    expect(start('the last one')).toBe(SLOTS[2]);
    expect(start('the afternoon is better')).toBe(SLOTS[2]);
    expect(start('yes')).toBe(SLOTS[0]);
    expect(start('sure', offered({ preference: { time: null, dayPart: 'afternoon' } }))).toBe(SLOTS[2]);
    expect(turn('yes', offered()).toolCalls[0]?.arguments.patient_name).toBe('Test Caller');
  });

  it('re-checks a day that was not offered and asks again on a plain no', () => {
    expect(turn('What about Friday?', offered()).toolCalls).toEqual([
      { name: 'check_availability', arguments: { date_from: '2026-11-27', date_to: '2026-11-27' } },
    ]);
    expect(turn("No, that doesn't work", offered())).toMatchObject({ toolCalls: [], reply: expect.stringContaining('another day') });
    expect(turn('No, the second one', offered()).toolCalls[0]?.arguments.start).toBe(SLOTS[1]);
  });

  it('uses only enabled tools and says so otherwise', () => {
    expect(turn('book me in tomorrow', initialBrainState(), ['lookup_knowledge'])).toMatchObject({
      toolCalls: [],
      reply: "Sorry, I can't book appointments on this line.",
    });
    expect(turn('yes', offered(), ['check_availability']).reply).toBe("Sorry, I can't book appointments on this line.");
    expect(turn('text me', initialBrainState(), []).reply).toBe("Sorry, I can't send text messages on this line.");
    expect(turn('I want a human', initialBrainState(), ['send_sms']).reply).toBe("Sorry, I can't transfer calls on this line.");
  });

  it('reads codes and strips machine hints', () => {
    expect(extractConfirmationCode('code k7p2qx')).toBe('K7P2QX');
    expect(extractConfirmationCode('it is A-B-C-1-2-3')).toBe('ABC123');
    expect(extractConfirmationCode('I NEED TO CANCEL')).toBeNull();
    expect(extractConfirmationCode('my number is +15557654321')).toBeNull();
    expect(spokenResult(AVAILABILITY)).not.toContain('Times');
    const taken = afterToolResults(offered(), [
      { name: 'book_appointment', arguments: { start: SLOTS[0] }, result: null, error: 'That time was just taken.' },
    ]);
    expect(taken).toEqual({ reply: 'That time was just taken.', state: offered({ offeredSlots: SLOTS.slice(1) }) });
  });

  it('maps callee numbers like magic test numbers', () => {
    expect(simulatedCallee('+15551230001')).toEqual({ kind: 'no-answer' });
    expect(simulatedCallee('+15551230002')).toEqual({ kind: 'busy' });
    expect(simulatedCallee('+15551230003')).toEqual({ kind: 'voicemail' });
    expect(simulatedCallee('+15551239999').kind).toBe('answers');
  });
});

// ------------------------------------------------------------------ scripted calls over signed HTTP

const SECRET = 'conversation-secret';

interface Delivery {
  path: string;
  event: VoiceServerEvent;
}

let server: FakeServer;
let deliveries: Delivery[] = [];
let unverified = 0;
let assistantRequestReply: FakeReply = { json: { error: 'no assistant' } };
let toolReply: ((name: string, args: Record<string, unknown>) => FakeReply | string) | null = null;

/** Deterministic stand-ins for core's tool answers; availability lists three times on the asked day. */
function answerTool(name: string, args: Record<string, unknown>): string {
  switch (name) {
    case 'check_availability': {
      const d = String(args.date_from);
      return `I have 9:00 AM, 9:30 AM or 2:00 PM on ${d}. Which works for you? Times: ${d}T09:00:00-05:00, ${d}T09:30:00-05:00, ${d}T14:00:00-05:00`;
    }
    case 'book_appointment':
      return `You're booked for ${String(args.service ?? 'a visit')}, ${String(args.patient_name)}. Your confirmation code is K 7 P 2 Q X.`;
    case 'cancel_appointment':
      return 'Your appointment is cancelled.';
    case 'lookup_knowledge':
      return 'We accept Delta Dental and most PPO plans.';
    case 'send_sms':
      return 'I just sent you a text.';
    default:
      return 'Transferring you to the front desk now.';
  }
}

const tool = (name: string): ToolSpec => ({ name, description: name, parameters: { type: 'object', properties: {} } });

function spec(overrides: Partial<AssistantSpec> = {}): AssistantSpec {
  return sampleAssistantSpec({
    serverUrl: `${server.url}/hooks/voice`,
    tools: ALL_TOOLS.map(tool),
    metadata: { orgId: 'org_1', agentId: 'agt_1', revisionId: 'rev_1', timezone: TZ },
    ...overrides,
  });
}

beforeAll(async () => {
  server = await startFakeServer();
  server.route('POST', '/hooks/:name', (req) => {
    // Verified with the kit's function, as core's route will, over the bytes that crossed the wire.
    if (!verifyWebhookSignature({ secret: SECRET, rawBody: req.rawBody, headers: req.headers }).ok || !isSimulatorMessage(req.body)) {
      unverified++;
      return { status: 401 };
    }
    const event = parseSimulatorMessage(req.body);
    deliveries.push({ path: req.path, event });
    if (event.type === 'assistant-request') return assistantRequestReply;
    if (event.type === 'tool-calls') {
      const results = [];
      for (const t of event.toolCalls) {
        const custom = toolReply?.(t.name, t.arguments);
        if (custom && typeof custom !== 'string') return custom;
        results.push({ toolCallId: t.toolCallId, name: t.name, result: custom ?? answerTool(t.name, t.arguments) });
      }
      return { json: { results } };
    }
    return { json: {} };
  });
});
afterAll(() => server.close());

let sim: SimulatorVoice;
beforeEach(() => {
  deliveries = [];
  unverified = 0;
  toolReply = null;
  assistantRequestReply = { json: { error: 'no assistant' } };
  sim = createSimulatorVoice({ webhookSecret: SECRET, store: createSimulatorStore() });
});
// Every delivery of every test must have passed signature verification.
afterEach(() => expect(unverified).toBe(0));

const types = () => deliveries.map((d) => (d.event.type === 'status-update' ? `status:${d.event.status}` : d.event.type));
const fixedNow = () => new Date('2026-11-25T15:00:00Z'); // Wednesday 10:00 in New York

async function inboundNumber(assistant: AssistantSpec | null) {
  const pn = await sim.createProviderNumber({ serverUrl: `${server.url}/hooks/numbers` });
  if (assistant) await sim.assignPhoneNumber(pn.externalId, (await sim.upsertAssistant(assistant)).externalId);
  return pn.externalId;
}

const BOOKING_SCRIPT = [
  "Hi, I'm Jane Doe. I'd like to book a cleaning next Tuesday morning.",
  'Yes, nine thirty works.',
  'Can you text me the details?',
  "That's all, bye.",
];

describe('scripted inbound calls', () => {
  it('books only after acceptance, over signed deliveries, and ends with a full report', async () => {
    const phoneNumberExternalId = await inboundNumber(spec());
    const { externalCallId } = sim.receiveInboundCall({ phoneNumberExternalId, customerNumber: CALLER });
    const live: string[] = [];
    const result = await runScriptedCall({ connector: sim, externalCallId, callerTurns: BOOKING_SCRIPT, now: fixedNow, onMessage: (m) => live.push(m.role) });

    expect(types()).toEqual([
      'status:in-progress',
      'transcript', // greeting
      'transcript', 'tool-calls', 'transcript', // ask -> check_availability -> offer
      'transcript', 'tool-calls', 'transcript', // accept -> book_appointment -> confirm
      'transcript', 'tool-calls', 'transcript', // text me -> send_sms
      'transcript', 'transcript', // bye -> goodbye line
      'end-of-call-report',
      'status:ended',
    ]);
    expect(deliveries.every((d) => d.path === '/hooks/voice' && d.event.timestamp !== null)).toBe(true);
    expect(deliveries.every((d) => d.event.call.externalCallId === externalCallId && d.event.call.metadata.orgId === 'org_1')).toBe(true);

    expect(result.toolCalls.map((t) => [t.toolCallId, t.name])).toEqual([
      [`${externalCallId}-tool-1`, 'check_availability'],
      [`${externalCallId}-tool-2`, 'book_appointment'],
      [`${externalCallId}-tool-3`, 'send_sms'],
    ]);
    expect(result.toolCalls[0]!.arguments).toEqual({ date_from: '2026-12-01', date_to: '2026-12-01', service: 'cleaning' });
    expect(result.toolCalls[1]!.arguments).toEqual({ start: '2026-12-01T09:30:00-05:00', patient_name: 'Jane Doe', patient_phone: CALLER, service: 'cleaning' });
    // The booking was sent after the caller's "yes", never on the first turn.
    const acceptedAt = deliveries.findIndex((d) => d.event.type === 'transcript' && d.event.text === BOOKING_SCRIPT[1]);
    const bookedAt = deliveries.findIndex((d) => d.event.type === 'tool-calls' && d.event.toolCalls[0]?.name === 'book_appointment');
    expect(bookedAt).toBeGreaterThan(acceptedAt);

    expect(result.endedReason).toBe('assistant-ended-call');
    expect(result.messages.map((m) => `${m.role}: ${m.text}`)).toEqual([
      'assistant: Hi, thanks for calling Bright Smile Dental. How can I help?',
      `user: ${BOOKING_SCRIPT[0]}`,
      'tool: I have 9:00 AM, 9:30 AM or 2:00 PM on 2026-12-01. Which works for you? Times: 2026-12-01T09:00:00-05:00, 2026-12-01T09:30:00-05:00, 2026-12-01T14:00:00-05:00',
      'assistant: I have 9:00 AM, 9:30 AM or 2:00 PM on 2026-12-01. Which works for you?',
      `user: ${BOOKING_SCRIPT[1]}`,
      "tool: You're booked for cleaning, Jane Doe. Your confirmation code is K 7 P 2 Q X.",
      "assistant: You're booked for cleaning, Jane Doe. Your confirmation code is K 7 P 2 Q X.",
      `user: ${BOOKING_SCRIPT[2]}`,
      'tool: I just sent you a text.',
      'assistant: I just sent you a text.',
      `user: ${BOOKING_SCRIPT[3]}`,
      'assistant: Thanks for calling, goodbye!',
    ]);
    expect(live).toEqual(result.messages.map((m) => m.role));

    const report = deliveries.find((d) => d.event.type === 'end-of-call-report')!.event as EndOfCallReportEvent;
    expect(report).toMatchObject({ endedReason: 'assistant-ended-call', summary: null, structuredData: null, recordingUrl: null, cost: null, startedAt: '2026-11-25T15:00:00.000Z' });
    expect(report.messages).toEqual(result.messages);
    expect(report.transcript?.split('\n')).toEqual(result.messages.filter((m) => m.role !== 'tool').map((m) => `${m.role === 'assistant' ? 'AI' : 'User'}: ${m.text}`));
    const secs = report.messages.map((m) => m.secondsFromStart!);
    expect(secs).toEqual([...secs].sort((a, b) => a - b));
    expect(secs[0]).toBe(0);
    expect(report.durationSeconds).toBeGreaterThan(secs.at(-1)!);
    expect(Date.parse(report.endedAt!) - Date.parse(report.startedAt!)).toBe(report.durationSeconds! * 1000);
    const ended = deliveries.at(-1)!.event;
    expect(ended).toMatchObject({ type: 'status-update', status: 'ended', endedReason: 'assistant-ended-call' });
    expect(sim.store.calls.get(externalCallId)?.status).toBe('ended');
  });

  it('is repeatable: a rerun gives identical messages and tool calls', async () => {
    const phoneNumberExternalId = await inboundNumber(spec());
    const run = async () => {
      const { externalCallId } = sim.receiveInboundCall({ phoneNumberExternalId, customerNumber: CALLER });
      const r = await runScriptedCall({ connector: sim, externalCallId, callerTurns: BOOKING_SCRIPT, now: fixedNow });
      return { messages: r.messages, tools: r.toolCalls.map(({ toolCallId: _id, ...t }) => t), endedReason: r.endedReason };
    };
    const first = await run();
    const firstTypes = types();
    deliveries = [];
    expect(await run()).toEqual(first);
    expect(types()).toEqual(firstTypes);
  });

  it('never emits a tool the assistant does not enable', async () => {
    const phoneNumberExternalId = await inboundNumber(spec({ tools: [tool('lookup_knowledge')] }));
    const { externalCallId } = sim.receiveInboundCall({ phoneNumberExternalId, customerNumber: CALLER });
    const r = await runScriptedCall({ connector: sim, externalCallId, callerTurns: ['Can I book a cleaning tomorrow?', 'Do you take insurance?'], now: fixedNow });
    expect(r.toolCalls.map((t) => t.name)).toEqual(['lookup_knowledge']);
    expect(r.messages[2]).toMatchObject({ role: 'assistant', text: "Sorry, I can't book appointments on this line." });
    expect(r.endedReason).toBe('customer-ended-call');
  });

  it('says the error when the server fails a tool call or sends no result', async () => {
    const phoneNumberExternalId = await inboundNumber(spec());
    toolReply = (name) => (name === 'check_availability' ? { status: 500, json: {} } : { json: { results: [] } });
    const { externalCallId } = sim.receiveInboundCall({ phoneNumberExternalId, customerNumber: CALLER });
    const r = await runScriptedCall({ connector: sim, externalCallId, callerTurns: ['Any openings tomorrow?', 'What are your hours?'], now: fixedNow });
    expect(r.toolCalls.map((t) => [t.name, t.result, t.error])).toEqual([
      ['check_availability', null, 'The server answered 500 to the tool call.'],
      ['lookup_knowledge', null, 'The server sent no result for the tool call.'],
    ]);
    expect(r.messages.filter((m) => m.role === 'assistant').map((m) => m.text).slice(1, 3)).toEqual([
      'The server answered 500 to the tool call.',
      'The server sent no result for the tool call.',
    ]);
  });

  it('ends as forwarded after a transfer, without a goodbye', async () => {
    const phoneNumberExternalId = await inboundNumber(spec());
    const { externalCallId } = sim.receiveInboundCall({ phoneNumberExternalId, customerNumber: CALLER });
    const r = await runScriptedCall({ connector: sim, externalCallId, callerTurns: ['I need to talk to someone at the front desk', 'Never mind'], now: fixedNow });
    expect(r.endedReason).toBe('assistant-forwarded-call');
    expect(r.messages.at(-1)).toMatchObject({ role: 'assistant', text: 'Transferring you to the front desk now.' });
    expect(r.messages.some((m) => m.text === 'Never mind')).toBe(false);
  });

  it('refuses an inbound call without a script', async () => {
    const phoneNumberExternalId = await inboundNumber(spec());
    const { externalCallId } = sim.receiveInboundCall({ phoneNumberExternalId, customerNumber: CALLER });
    await expect(runScriptedCall({ connector: sim, externalCallId })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(deliveries).toEqual([]);
  });
});

describe('scripted calls on a number without an assistant (assistant-request)', () => {
  const call = async () => {
    const phoneNumberExternalId = await inboundNumber(null);
    return sim.receiveInboundCall({ phoneNumberExternalId, customerNumber: CALLER }).externalCallId;
  };
  const script = ['What are your hours?'];

  it('takes an existing assistant by id', async () => {
    const { externalId } = await sim.upsertAssistant(spec());
    assistantRequestReply = { json: { assistantExternalId: externalId } };
    const externalCallId = await call();
    const r = await runScriptedCall({ connector: sim, externalCallId, callerTurns: script, now: fixedNow });
    expect(r.assistantExternalId).toBe(externalId);
    expect(deliveries[0]).toMatchObject({ path: '/hooks/numbers', event: { type: 'assistant-request', call: { assistantExternalId: null } } });
    expect(deliveries.slice(1).every((d) => d.path === '/hooks/voice' && d.event.call.assistantExternalId === externalId)).toBe(true);
    expect(types()).toEqual(['assistant-request', 'status:in-progress', 'transcript', 'transcript', 'tool-calls', 'transcript', 'transcript', 'end-of-call-report', 'status:ended']);
  });

  it('stores a transient assistant so later messages carry its metadata and server URL', async () => {
    const transient = spec({
      serverUrl: `${server.url}/hooks/transient`,
      firstMessage: 'Transient here.',
      metadata: { orgId: 'org_2', agentId: 'agt_t', revisionId: 'rev_t' },
    });
    assistantRequestReply = { json: { assistant: transient } };
    const externalCallId = await call();
    const r = await runScriptedCall({ connector: sim, externalCallId, callerTurns: script, now: fixedNow });
    expect(r.assistantExternalId).toMatch(/^sim_asst_/);
    expect(sim.store.assistants.get(r.assistantExternalId!)?.spec).toEqual(transient);
    expect(r.messages[0]?.text).toBe('Transient here.');
    expect(deliveries.slice(1).every((d) => d.path === '/hooks/transient' && d.event.call.metadata.agentId === 'agt_t')).toBe(true);
  });

  it('ends as forwarded when told to forward', async () => {
    assistantRequestReply = { json: { forwardTo: '+15550001111' } };
    const r = await runScriptedCall({ connector: sim, externalCallId: await call(), callerTurns: script, now: fixedNow });
    expect(r).toMatchObject({ endedReason: 'assistant-forwarded-call', messages: [], toolCalls: [], assistantExternalId: null });
    expect(types()).toEqual(['assistant-request', 'status:forwarding', 'end-of-call-report', 'status:ended']);
  });

  it.each([
    ['an error', { json: { error: 'closed' } }],
    ['a non-200', { status: 500, json: {} }],
    ['an unknown assistant', { json: { assistantExternalId: 'sim_asst_missing' } }],
    ['a malformed assistant', { json: { assistant: { name: 'x' } } }],
  ] as [string, FakeReply][])('fails the call on %s', async (_what, reply) => {
    assistantRequestReply = reply;
    const r = await runScriptedCall({ connector: sim, externalCallId: await call(), callerTurns: script, now: fixedNow });
    expect(r.endedReason).toBe('assistant-request-failed');
    expect(types()).toEqual(['assistant-request', 'end-of-call-report', 'status:ended']);
    expect(deliveries.every((d) => d.path === '/hooks/numbers')).toBe(true);
  });
});

describe('scripted outbound calls', () => {
  const dial = async (customerNumber: string, overrides: Partial<AssistantSpec> = {}) => {
    const { externalId } = await sim.upsertAssistant(spec(overrides));
    const pn = await sim.createProviderNumber({});
    const started = await sim.startCall({ assistantExternalId: externalId, phoneNumberExternalId: pn.externalId, customerNumber, metadata: { callId: 'call_42' } });
    return started.externalCallId;
  };

  it.each([
    ['+15551230001', 'customer-did-not-answer'],
    ['+15551230002', 'customer-busy'],
  ])('%s rings and ends with %s', async (number, reason) => {
    const r = await runScriptedCall({ connector: sim, externalCallId: await dial(number), now: fixedNow });
    expect(r).toMatchObject({ endedReason: reason, messages: [], toolCalls: [] });
    expect(types()).toEqual(['status:ringing', 'end-of-call-report', 'status:ended']);
    expect(deliveries[1]?.event).toMatchObject({ messages: [], transcript: null, durationSeconds: 0, endedReason: reason });
    expect(deliveries.every((d) => d.event.call.metadata.callId === 'call_42')).toBe(true);
  });

  it('leaves the voicemail message', async () => {
    const r = await runScriptedCall({ connector: sim, externalCallId: await dial('+15551230003'), now: fixedNow });
    expect(r.endedReason).toBe('voicemail');
    expect(r.messages.map((m) => m.text)).toEqual(['Hi, this is Bright Smile Dental returning your call. Please call us back.']);
    expect(types()).toEqual(['status:ringing', 'status:in-progress', 'transcript', 'end-of-call-report', 'status:ended']);
  });

  it('an answering callee follows its script and books the first slot next week', async () => {
    const r = await runScriptedCall({ connector: sim, externalCallId: await dial('+15551234567'), now: fixedNow });
    expect(r.toolCalls.map((t) => [t.name, t.arguments])).toEqual([
      ['check_availability', { date_from: '2026-11-30', date_to: '2026-12-06', service: 'cleaning' }],
      ['book_appointment', { start: '2026-11-30T09:00:00-05:00', patient_name: 'Sam', patient_phone: '+15551234567', service: 'cleaning' }],
    ]);
    expect(r.endedReason).toBe('assistant-ended-call');
    expect(types().slice(0, 3)).toEqual(['status:ringing', 'status:in-progress', 'transcript']);
    expect(types().slice(-2)).toEqual(['end-of-call-report', 'status:ended']);
  });
});
