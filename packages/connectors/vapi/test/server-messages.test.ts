import { describe, expect, it } from 'vitest';
import { parseVapiServerMessage, vapiAssistantRequestResponse, vapiToolCallsResponse } from '../src/index.ts';
import { sampleAssistantSpec } from '@voxanne/connector-kit/testing';

const call = { id: 'c1', type: 'outboundPhoneCall', assistantId: 'a1', phoneNumberId: 'p1', customer: { number: '+15551112222' } };

describe('parseVapiServerMessage: tool calls, wherever they are', () => {
  it('reads toolCallList with string arguments', () => {
    const e = parseVapiServerMessage({
      message: { type: 'tool-calls', call, toolCallList: [{ id: 't1', type: 'function', function: { name: 'book', arguments: '{"date":"2025-03-11"}' } }] },
    });
    expect(e).toMatchObject({ type: 'tool-calls', toolCalls: [{ toolCallId: 't1', name: 'book', arguments: { date: '2025-03-11' } }] });
  });

  it('reads toolWithToolCallList only, with parameters as an object', () => {
    const e = parseVapiServerMessage({
      message: {
        type: 'tool-calls',
        call,
        toolWithToolCallList: [{ type: 'function', function: { name: 'book' }, toolCall: { id: 't2', function: { parameters: { time: '10:30' } } } }],
      },
    });
    expect(e).toMatchObject({ toolCalls: [{ toolCallId: 't2', name: 'book', arguments: { time: '10:30' } }] });
  });

  it('reads the older toolCalls list with name/arguments directly on the item, and dedupes by id', () => {
    const e = parseVapiServerMessage({
      message: {
        type: 'tool-calls',
        toolCallList: [{ id: 't3', function: { name: 'first', arguments: { a: 1 } } }],
        toolCalls: [
          { id: 't3', name: 'first', arguments: { a: 2 } },
          { id: 't4', name: 'second', arguments: '{"b":true}' },
        ],
      },
    });
    expect(e.type === 'tool-calls' && e.toolCalls).toEqual([
      { toolCallId: 't3', name: 'first', arguments: { a: 1 } },
      { toolCallId: 't4', name: 'second', arguments: { b: true } },
    ]);
  });

  it('turns unparseable arguments into {} and drops items without id or name', () => {
    const e = parseVapiServerMessage({
      message: {
        type: 'tool-calls',
        toolCallList: [{ id: 't5', function: { name: 'x', arguments: '{not json' } }, { function: { name: 'noid' } }, { id: 't6' }],
      },
    });
    expect(e.type === 'tool-calls' && e.toolCalls).toEqual([{ toolCallId: 't5', name: 'x', arguments: {} }]);
  });
});

describe('parseVapiServerMessage: end-of-call-report', () => {
  it('falls back to legacy top-level fields and to the call object', () => {
    const e = parseVapiServerMessage({
      message: {
        type: 'end-of-call-report',
        call: { ...call, startedAt: '2025-03-04T10:00:00Z', endedAt: '2025-03-04T10:00:30Z', cost: 0.05, endedReason: 'voicemail' },
        transcript: 'legacy transcript',
        summary: 'legacy summary',
        recordingUrl: 'https://r/legacy.wav',
        messages: [{ role: 'bot', message: 'hello', secondsFromStart: 1 }],
      },
    });
    expect(e).toMatchObject({
      type: 'end-of-call-report',
      transcript: 'legacy transcript',
      summary: 'legacy summary',
      recordingUrl: 'https://r/legacy.wav',
      endedReason: 'voicemail',
      cost: { amountMicros: 50_000, currency: 'USD' },
      startedAt: '2025-03-04T10:00:00.000Z',
      durationSeconds: 30,
      messages: [{ role: 'assistant', text: 'hello', secondsFromStart: 1 }],
    });
  });

  it('prefers artifact/analysis over legacy fields, and finds the mono recording', () => {
    const e = parseVapiServerMessage({
      message: {
        type: 'end-of-call-report',
        transcript: 'old',
        summary: 'old',
        recordingUrl: 'https://r/old.wav',
        durationSeconds: 12,
        artifact: { transcript: 'new', recording: { mono: { combinedUrl: 'https://r/mono.wav' } }, messages: [] },
        analysis: { summary: 'new summary' },
      },
    });
    expect(e).toMatchObject({ transcript: 'new', summary: 'new summary', recordingUrl: 'https://r/mono.wav', durationSeconds: 12 });
  });

  it('renders tool invocations in the conversation', () => {
    const e = parseVapiServerMessage({
      message: {
        type: 'end-of-call-report',
        artifact: { messages: [{ role: 'tool_calls', toolCalls: [{ id: 'x', function: { name: 'book', arguments: '{"d":1}' } }], secondsFromStart: 2 }] },
      },
    });
    expect(e.type === 'end-of-call-report' && e.messages).toEqual([{ role: 'tool', text: 'book({"d":1})', secondsFromStart: 2 }]);
  });
});

describe('parseVapiServerMessage: other types', () => {
  it('maps scheduled to queued, and an unknown status to an unknown event', () => {
    expect(parseVapiServerMessage({ message: { type: 'status-update', status: 'scheduled', call } })).toMatchObject({ status: 'queued' });
    expect(parseVapiServerMessage({ message: { type: 'status-update', status: 'teleporting', call } })).toMatchObject({
      type: 'unknown',
      vendorType: 'status-update',
    });
  });

  it('reads partial transcripts and the legacy function-call stays unknown', () => {
    expect(parseVapiServerMessage({ message: { type: 'transcript', role: 'assistant', transcriptType: 'partial', transcript: 'Hel' } })).toMatchObject({
      type: 'transcript',
      role: 'assistant',
      transcriptType: 'partial',
      text: 'Hel',
    });
    expect(parseVapiServerMessage({ message: { type: 'function-call', functionCall: { name: 'x', parameters: {} } } })).toMatchObject({
      type: 'unknown',
      vendorType: 'function-call',
    });
  });

  it('merges assistant metadata under per-call metadata and reads the direction', () => {
    const e = parseVapiServerMessage({
      message: {
        type: 'hang',
        assistant: { metadata: { orgId: 'org_1', agentId: 'agt_1' } },
        call: { id: 'c9', type: 'inboundPhoneCall', assistantOverrides: { metadata: { agentId: 'agt_override', callId: 'call_1' } } },
        timestamp: 1741082400000,
      },
    });
    expect(e).toMatchObject({
      type: 'hang',
      timestamp: '2025-03-04T10:00:00.000Z',
      call: { externalCallId: 'c9', direction: 'inbound', metadata: { orgId: 'org_1', agentId: 'agt_override', callId: 'call_1' } },
    });
  });
});

describe('responses', () => {
  it('tool-call results are single-line strings with name and id', () => {
    expect(
      vapiToolCallsResponse([
        { toolCallId: 't1', name: 'book', result: 'Booked.\nSee you\r\n  Tuesday' },
        { toolCallId: 't2', name: 'cancel', error: 'No such\nappointment' },
      ]),
    ).toEqual({
      results: [
        { toolCallId: 't1', name: 'book', result: 'Booked. See you Tuesday' },
        { toolCallId: 't2', name: 'cancel', error: 'No such appointment' },
      ],
    });
  });

  it('assistant-request replies use the documented shapes', () => {
    const o = { serverTimeoutSeconds: 20 };
    expect(vapiAssistantRequestResponse({ assistantExternalId: 'a1' }, o)).toEqual({ assistantId: 'a1' });
    expect(vapiAssistantRequestResponse({ forwardTo: '+15550001111' }, o)).toEqual({ destination: { type: 'number', number: '+15550001111' } });
    expect(vapiAssistantRequestResponse({ error: 'We are closed' }, o)).toEqual({ error: 'We are closed' });
    const transient = vapiAssistantRequestResponse({ assistant: sampleAssistantSpec() }, o);
    expect(transient).toMatchObject({ assistant: { name: 'Bright Smile Front Desk', server: { url: sampleAssistantSpec().serverUrl } } });
  });
});
