/**
 * Canonical inputs and events for the voice conformance suite. Each connector's test setup
 * encodes these events into its vendor's wire format; the suite checks that parsing gives back
 * exactly the same neutral event, field by field.
 */
import type { AssistantSpec } from '../voice.ts';
import type { VoiceCallRef, VoiceServerEvent } from '../voice-events.ts';

export function sampleAssistantSpec(overrides: Partial<AssistantSpec> = {}): AssistantSpec {
  return {
    name: 'Bright Smile Front Desk',
    systemPrompt: 'You are the receptionist of Bright Smile Dental. Book, move and cancel appointments.',
    firstMessage: 'Hi, thanks for calling Bright Smile Dental. How can I help?',
    voice: { provider: 'elevenlabs', voiceId: '21m00Tcm4TlvDq8ikWAM' },
    model: { provider: 'openai', model: 'gpt-4o' },
    tools: [
      {
        name: 'check_availability',
        description: 'Find open appointment slots on a date.',
        parameters: { type: 'object', properties: { date: { type: 'string' } }, required: ['date'] },
      },
      {
        name: 'book_appointment',
        description: 'Book an appointment slot for the caller.',
        parameters: {
          type: 'object',
          properties: { date: { type: 'string' }, time: { type: 'string' }, patientName: { type: 'string' } },
          required: ['date', 'time', 'patientName'],
        },
      },
    ],
    serverUrl: 'https://voxanne.example/v1/voice/webhooks/vapi',
    language: 'en',
    maxDurationSeconds: 900,
    voicemailMessage: 'Hi, this is Bright Smile Dental returning your call. Please call us back.',
    endCallMessage: 'Thanks for calling, goodbye!',
    metadata: { orgId: 'org_01JFIXTURE', agentId: 'agt_01JFIXTURE', revisionId: 'rev_01JFIXTURE' },
    ...overrides,
  };
}

const outboundCall: VoiceCallRef = {
  externalCallId: 'call-fixture-0001',
  direction: 'outbound',
  assistantExternalId: 'asst-fixture-0001',
  phoneNumberExternalId: 'pn-fixture-0001',
  phoneNumber: '+15550001111',
  customerNumber: '+15557654321',
  metadata: { orgId: 'org_01JFIXTURE', agentId: 'agt_01JFIXTURE', callId: 'call_01JFIXTURE' },
};

const inboundCall: VoiceCallRef = {
  externalCallId: 'call-fixture-0002',
  direction: 'inbound',
  assistantExternalId: null,
  phoneNumberExternalId: 'pn-fixture-0001',
  phoneNumber: '+15550001111',
  customerNumber: '+15559876543',
  metadata: {},
};

const ts = '2025-03-04T10:00:00.000Z';

/** One event per parsed type (unknown is checked separately: it carries the raw payload). */
export const voiceEventFixtures: Record<string, VoiceServerEvent> = {
  'assistant-request': { type: 'assistant-request', call: inboundCall, timestamp: ts },
  'tool-calls': {
    type: 'tool-calls',
    call: outboundCall,
    timestamp: '2025-03-04T10:00:42.250Z',
    toolCalls: [
      { toolCallId: 'toolu_fixture_1', name: 'check_availability', arguments: { date: '2025-03-11' } },
      {
        toolCallId: 'toolu_fixture_2',
        name: 'book_appointment',
        arguments: { date: '2025-03-11', time: '10:30', patientName: 'Ana Díaz', notes: { firstVisit: true } },
      },
    ],
  },
  'status-update (in-progress)': {
    type: 'status-update',
    call: outboundCall,
    timestamp: '2025-03-04T10:00:03.000Z',
    status: 'in-progress',
    endedReason: null,
  },
  'status-update (ended)': {
    type: 'status-update',
    call: outboundCall,
    timestamp: '2025-03-04T10:01:35.000Z',
    status: 'ended',
    endedReason: 'customer-ended-call',
  },
  'end-of-call-report': {
    type: 'end-of-call-report',
    call: outboundCall,
    timestamp: '2025-03-04T10:01:36.000Z',
    endedReason: 'customer-ended-call',
    transcript: 'AI: Hi, thanks for calling Bright Smile Dental.\nUser: I need a cleaning next Tuesday.',
    messages: [
      { role: 'assistant', text: 'Hi, thanks for calling Bright Smile Dental.', secondsFromStart: 0.5 },
      { role: 'user', text: 'I need a cleaning next Tuesday.', secondsFromStart: 3.25 },
      { role: 'tool', text: 'Booked 2025-03-11 10:30', secondsFromStart: 40 },
    ],
    summary: 'Caller booked a cleaning for March 11 at 10:30.',
    structuredData: { appointmentBooked: true, service: 'cleaning' },
    recordingUrl: 'https://storage.example/recordings/call-fixture-0001.wav',
    cost: { amountMicros: 123_400, currency: 'USD' },
    startedAt: '2025-03-04T10:00:00.000Z',
    endedAt: '2025-03-04T10:01:35.000Z',
    durationSeconds: 95,
  },
  transcript: {
    type: 'transcript',
    call: outboundCall,
    timestamp: '2025-03-04T10:00:05.000Z',
    role: 'user',
    transcriptType: 'final',
    text: 'I need a cleaning next Tuesday.',
  },
  hang: { type: 'hang', call: outboundCall, timestamp: '2025-03-04T10:00:50.000Z' },
};

/** An event type no connector acts on, used to check the `unknown` fallback. */
export const unknownVendorEvent: VoiceServerEvent = {
  type: 'unknown',
  vendorType: 'speech-update',
  call: outboundCall,
  timestamp: ts,
  raw: null,
};
