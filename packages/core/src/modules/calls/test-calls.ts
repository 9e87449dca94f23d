/**
 * `POST /v1/test/calls`: a whole call on the simulator, from ring to analysis, without a phone. The
 * record returned is built by the production pipeline (webhook -> inbox -> ingest -> analysis), so
 * what a developer sees here is what a real call would produce.
 */
import type { Deps } from '../../platform/deps.ts';
import { ApiError } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { withLivemode } from '../../platform/db/livemode.ts';
import type { BodyOf } from '../../platform/http/types.ts';
import type { VoiceCallRef } from '@voxanne/connector-kit';
import { resolveCall } from './call-rows.ts';
import { getCallFor } from './read.ts';
import { playSimulatedCall } from './simulate.ts';
import { ensureSimulatorLine } from './simulator-line.ts';
import type { CallApi } from './view.ts';

/** A 555-01xx number: reserved for fiction, so a test call can never text or call a real person. */
export const DEFAULT_TEST_CALLER = '+15555550123';
const LIVE_PACE_MS = 350;
const SETTLE_TIMEOUT_MS = 20_000;

/**
 * A simulated call reaches no one, so it is test data whatever key asked for it (decision 0012): the call,
 * its contact, what its tools book and text. The whole run is in test mode.
 */
export function createTestCall(deps: Deps, orgId: string, body: BodyOf<'createTestCall'>): Promise<{ status: 201 | 202; call: CallApi }> {
  return withLivemode(false, () => runTestCall(deps, orgId, body));
}

async function runTestCall(deps: Deps, orgId: string, body: BodyOf<'createTestCall'>): Promise<{ status: 201 | 202; call: CallApi }> {
  const line = await ensureSimulatorLine(deps, orgId, body.agent_id);
  const caller = body.caller_number ?? DEFAULT_TEST_CALLER;
  const turns = body.caller_turns;
  if (line.agent.kind === 'inbound' && !turns?.length) {
    throw new ApiError(422, 'caller_turns_required', 'An inbound test call needs caller_turns: what the caller says.');
  }

  let externalCallId: string;
  let ref: VoiceCallRef;
  const simulation = await deps.connectors.simulation(orgId);
  if (line.agent.kind === 'inbound') {
    ({ externalCallId, call: ref } = simulation.ringInbound(line, caller));
  } else {
    const voice = await deps.connectors.voice(orgId, 'simulator');
    ({ externalCallId } = await voice.startCall({ assistantExternalId: line.assistantExternalId, phoneNumberExternalId: line.phoneNumberExternalId, customerNumber: caller, metadata: {} }));
    ref = simulation.callRef(externalCallId);
  }

  // The row exists before the first message, so a 202 can hand out its id for a live view.
  const callId = await inScope(deps.knex, { orgId }, async (tx) => {
    const row = await resolveCall(tx, orgId, 'simulator', ref);
    await tx('call_events').insert({ org_id: orgId, call_id: row!.id, type: 'test_call', detail: `simulated ${line.agent.kind} call` });
    return row!.id;
  });

  const play = playSimulatedCall(deps, orgId, externalCallId, { ...(turns ? { callerTurns: turns } : {}), ...(body.wait === false ? { paceMs: LIVE_PACE_MS } : {}) });
  if (body.wait === false) {
    play.catch((err: unknown) => deps.logger.warn({ callId, code: (err as { code?: string }).code ?? 'error' }, 'simulated call failed'));
    return { status: 202, call: await getCallFor(deps, orgId, callId) };
  }
  await play;
  await settled(deps, orgId, callId);
  return { status: 201, call: await getCallFor(deps, orgId, callId) };
}

/**
 * The webhook acknowledged every message, but the inbox jobs and the analysis run after it; wait until
 * the record is complete. If the workers are elsewhere and slow, the call is returned as it stands.
 */
async function settled(deps: Deps, orgId: string, callId: string): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const done = await inScope(deps.knex, { orgId }, async (tx) => {
      const call = await tx('calls').where({ id: callId }).first('status', 'analysis_status', 'external_call_id', 'connector');
      if (!call || call.status !== 'ended' || call.analysis_status === 'pending') return false;
      const waiting = await tx('voice_inbox').where({ connector: call.connector, external_call_id: call.external_call_id }).whereNull('processed_at').first('id');
      return !waiting;
    });
    if (done) return;
    await new Promise((r) => setTimeout(r, 40));
  }
}
