/**
 * Shared by the voice inbox suites: vendor messages built from neutral events (encoded exactly as Vapi sends
 * them), delivered the way the webhook does after verifying the signature, and reads of what ingest stored.
 */
import type { Knex } from 'knex';
import type { EndOfCallReportEvent, VoiceCallRef, VoiceServerEvent } from '@voxanne/connector-kit';
import { encodeVapiServerMessage } from '@voxanne/connector-vapi/testing';
import { parseVoiceMessage } from '../../src/connectors/voice-messages.ts';
import { acceptVoiceMessage } from '../../src/modules/calls/inbox.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { until } from '../api/voice.helpers.ts';

export { until };

export type AcceptDeps = Pick<Deps, 'knex' | 'keyring' | 'queue' | 'logger'>;

export function callRef(externalCallId: string, customerNumber: string | null = '+15557654321'): VoiceCallRef {
  return {
    externalCallId,
    direction: 'inbound',
    assistantExternalId: null,
    phoneNumberExternalId: null,
    phoneNumber: '+15550001111',
    customerNumber,
    metadata: {},
  };
}

/** A 95-second call that ended a moment ago (recent, so it is the contact's latest call). */
export function report(call: VoiceCallRef, overrides: Partial<EndOfCallReportEvent> = {}): EndOfCallReportEvent {
  const endedAt = Math.floor(Date.now() / 1000) * 1000 - 1000;
  return {
    type: 'end-of-call-report',
    call,
    timestamp: new Date(endedAt + 1000).toISOString(),
    endedReason: 'customer-ended-call',
    transcript: null,
    messages: [
      { role: 'system', text: 'You are the receptionist of Bright Smile Dental.', secondsFromStart: 0 },
      { role: 'assistant', text: 'Hi, thanks for calling Bright Smile Dental.', secondsFromStart: 0.5 },
      { role: 'user', text: 'Do you take walk-ins on Saturdays?', secondsFromStart: 3.25 },
      { role: 'assistant', text: 'We do, from nine to noon.', secondsFromStart: 6 },
    ],
    summary: 'Caller asked about Saturday walk-ins.',
    structuredData: { topic: 'hours' },
    recordingUrl: 'https://storage.example/recordings/one.wav',
    cost: { amountMicros: 123_400, currency: 'USD' },
    startedAt: new Date(endedAt - 95_000).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    durationSeconds: 95,
    ...overrides,
  };
}

/** The raw body Vapi would POST for this event. */
export const vapiBody = (event: VoiceServerEvent, legacy = false) => JSON.stringify(encodeVapiServerMessage(event, { legacy }));

/** What the webhook route does once the signature is verified: parse the body, hand it to the inbox. */
export async function deliver(deps: AcceptDeps, orgId: string, rawBody: string) {
  const { connector, event } = parseVoiceMessage(JSON.parse(rawBody));
  return acceptVoiceMessage(deps, orgId, connector, event, rawBody);
}

/** jsonb columns come back parsed from pg and sometimes as text from PGlite. */
export const json = <T = any>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export const unprocessed = (knex: Knex, orgId: string) =>
  inScope(knex, { orgId }, async (tx) => Number((await tx('voice_inbox').whereNull('processed_at').count<{ n: string }[]>({ n: '*' }))[0]!.n));

/** Waits until every stored message of the org has been processed. */
export const drained = (knex: Knex, orgId: string, timeoutMs?: number) => until(() => unprocessed(knex, orgId), (n) => n === 0, 'the voice inbox to drain', timeoutMs);

export const callByRef = (knex: Knex, orgId: string, externalCallId: string) =>
  inScope(knex, { orgId }, (tx) => tx('calls').where({ external_call_id: externalCallId }).first());

export const eventsOf = (knex: Knex, orgId: string, type: string) =>
  inScope(knex, { orgId }, async (tx) =>
    (await tx('outbox_events').where({ type }).orderBy('id').pluck('payload')).map((p: unknown) => json<Record<string, unknown>>(p)),
  );
