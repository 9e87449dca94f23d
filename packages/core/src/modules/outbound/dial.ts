/**
 * The dial job: places one outbound call at the vendor. Idempotent: a call that is no longer waiting to be
 * dialled (placed, cancelled, failed) is left alone, so a duplicate or late job does nothing.
 *
 * Order of work: read the call and resolve its line without holding anything; set the vendor side up
 * (the simulator line, the connector) outside any transaction, because those open transactions of their
 * own and embedded PGlite has a single session; then, under the org's dial lock and the call's row lock,
 * check the do-not-call list, consent, quiet hours and the concurrency cap and place the call in the same transaction
 * that records it. The vendor request therefore holds the lock: dials of one org go one at a time, which
 * is what makes the cap exact.
 */
import { isConnectorError, type VoiceConnector } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import { ApiError } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { withLivemode } from '../../platform/db/livemode.ts';
import type { JobContext } from '../../platform/queue/index.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import { loadCallSettings } from '../call-settings/index.ts';
import { ensureSimulatorLine, playSimulatedCall } from '../calls/index.ts';
import { activeOutboundCalls, lockOrgDialing } from './concurrency.ts';
import { callableFrom, callWindowOf } from './call-window.ts';
import { callBlock } from './eligibility.ts';
import { assertDeployedOn, outboundAgent, outboundNumber, type OutboundAgent, type OutboundNumber } from './line.ts';
import { deferForQuietHours, failCall } from './outbound-call.ts';
import { DIAL_ATTEMPTS, enqueueCampaignTick, enqueueDial, type DialJob } from './queue.ts';

interface CallRow {
  id: string;
  status: string;
  connector: VoiceConnectorId;
  external_call_id: string | null;
  agent_id: string;
  phone_number_id: string | null;
  campaign_id: string | null;
  contact_id: string | null;
  to_number: string;
}

const COLUMNS = ['id', 'status', 'connector', 'external_call_id', 'agent_id', 'phone_number_id', 'campaign_id', 'contact_id', 'to_number'];

const waitingToDial = (c: CallRow) => (c.status === 'scheduled' || c.status === 'queued') && !c.external_call_id;

/** A full line: poll again, a little slower each time, never slower than every 10 s. */
const waitDelayMs = (waits: number) => Math.min(1_000 * (waits + 1), 10_000);

interface Line {
  assistantExternalId: string;
  phoneNumberExternalId: string;
}

type Outcome =
  | { kind: 'gone' }
  | { kind: 'stopped'; campaignId: string | null }
  | { kind: 'wait' }
  | { kind: 'deferred'; delayMs: number }
  | { kind: 'placed'; externalCallId: string; connector: VoiceConnectorId };

/** Checks that hold right up to the dial. Marks the call failed (and says so) when one of them fails. */
async function stopIfBlocked(tx: Tx, orgId: string, call: CallRow): Promise<boolean> {
  const block = await callBlock(tx, call.to_number, call.campaign_id ? 'campaign' : 'single');
  if (block) await failCall(tx, orgId, call.id, block, 'skipped');
  return !!block;
}

/** What a failure means for the call, and whether another attempt of the job could succeed. */
function describe(err: unknown): { code: string; retryable: boolean } {
  if (isConnectorError(err)) return { code: err.code, retryable: err.retryable };
  // A deleted agent or number, an unpublished agent, a missing integration: nothing changes until a person acts.
  if (err instanceof ApiError) return { code: err.code === 'not_found' ? 'line_removed' : err.code, retryable: false };
  return { code: 'internal_error', retryable: true };
}

interface Prepared {
  call: CallRow;
  line: Line;
  voice: VoiceConnector;
  /** The zone of a single call's patient when the contact has none of its own (call-window.ts). */
  agentZone: string;
}

async function prepare(deps: Deps, orgId: string, callId: string): Promise<Prepared | Outcome | 'missing'> {
  type Read = 'missing' | Outcome | { call: CallRow; agent: OutboundAgent; number: OutboundNumber };
  const read = await inScope(deps.knex, { orgId }, async (tx): Promise<Read> => {
    const call: CallRow | undefined = await tx('calls').where({ id: callId }).first(COLUMNS);
    if (!call) return 'missing';
    if (!waitingToDial(call)) return { kind: 'gone' };
    const agent = await outboundAgent(tx, call.agent_id);
    const number = await outboundNumber(tx, call.agent_id, call.phone_number_id);
    assertDeployedOn(call.connector, agent, number);
    return { call, agent, number };
  });
  if (read === 'missing' || 'kind' in read) return read;
  const { call, agent, number } = read;
  const line = call.connector === 'simulator' ? await ensureSimulatorLine(deps, orgId, call.agent_id) : { assistantExternalId: agent.externalId!, phoneNumberExternalId: number.externalId! };
  return { call, line, voice: await deps.connectors.voice(orgId, call.connector), agentZone: agent.timezone };
}

async function placeUnderLock(deps: Deps, orgId: string, callId: string, waits: number, { line, voice, agentZone }: Prepared): Promise<Outcome> {
  return inScope(deps.knex, { orgId }, async (tx) => {
    await lockOrgDialing(tx, orgId);
    const call: CallRow | undefined = await tx('calls').where({ id: callId }).forUpdate().first(COLUMNS);
    if (!call || !waitingToDial(call)) return { kind: 'gone' };
    if (await stopIfBlocked(tx, orgId, call)) return { kind: 'stopped', campaignId: call.campaign_id };
    const now = Date.now();
    const callable = callableFrom(now, await callWindowOf(tx, orgId, call, agentZone));
    if (callable > now) {
      await deferForQuietHours(tx, orgId, callId, new Date(callable));
      return { kind: 'deferred', delayMs: callable - now };
    }
    const { outboundConcurrency } = await loadCallSettings(tx, orgId);
    if ((await activeOutboundCalls(tx)) >= outboundConcurrency) {
      // Due now, waiting for a line: no longer "scheduled". The timeline says so once, not on every poll.
      if (call.status === 'scheduled') await tx('calls').where({ id: callId }).update({ status: 'queued', updated_at: tx.fn.now() });
      if (waits === 0) await tx('call_events').insert({ org_id: orgId, call_id: callId, type: 'waiting', status: 'queued', detail: 'concurrency_cap' });
      return { kind: 'wait' };
    }
    // A throw here rolls the transaction back: the call stays waiting and the job decides what happens next.
    const placed = await voice.startCall({
      assistantExternalId: line.assistantExternalId,
      phoneNumberExternalId: line.phoneNumberExternalId,
      customerNumber: call.to_number,
      metadata: { voxanneCallId: callId, orgId },
    });
    await tx('calls').where({ id: callId }).update({ external_call_id: placed.externalCallId, status: placed.status, updated_at: tx.fn.now() });
    await tx('call_events').insert({ org_id: orgId, call_id: callId, type: 'dialed', status: placed.status });
    return { kind: 'placed', externalCallId: placed.externalCallId, connector: call.connector };
  });
}

async function failForGood(deps: Deps, orgId: string, callId: string, code: string): Promise<Outcome> {
  return inScope(deps.knex, { orgId }, async (tx) => {
    const call: CallRow | undefined = await tx('calls').where({ id: callId }).forUpdate().first(COLUMNS);
    if (!call || !waitingToDial(call)) return { kind: 'gone' };
    await failCall(tx, orgId, callId, code);
    return { kind: 'stopped', campaignId: call.campaign_id };
  });
}

export async function runDial(deps: Deps, job: JobContext<DialJob>): Promise<void> {
  const { orgId, callId } = job.data;
  const row = await inScope(deps.knex, { orgId }, (tx) => tx('calls').where({ id: callId }).first('livemode'));
  // The dial acts for the call, in its mode: the do-not-call list, consent and the line cap of that mode.
  await withLivemode(row ? (row.livemode as boolean) : null, () => dial(deps, job));
}

async function dial(deps: Deps, job: JobContext<DialJob>): Promise<void> {
  const { orgId, callId } = job.data;
  const waits = job.data.waits ?? 0;
  let outcome: Outcome;
  try {
    const prepared = await prepare(deps, orgId, callId);
    if (prepared === 'missing') {
      // The transaction that created the call enqueued this job before committing; give it a moment.
      if (job.attempt < DIAL_ATTEMPTS) throw new Error(`call ${callId} is not visible yet`);
      return;
    }
    outcome = 'kind' in prepared ? prepared : await placeUnderLock(deps, orgId, callId, waits, prepared);
  } catch (err) {
    const failure = describe(err);
    if (failure.retryable && job.attempt < DIAL_ATTEMPTS) throw err;
    deps.logger.warn({ job: job.name, jobId: job.id, callId, code: failure.code }, 'outbound call could not be placed');
    outcome = await failForGood(deps, orgId, callId, failure.code);
  }

  if (outcome.kind === 'wait') await enqueueDial(deps, { orgId, callId, waits: waits + 1 }, waitDelayMs(waits));
  // A fresh job id (the running job still holds the first one); cancelling finds the call scheduled and wins.
  if (outcome.kind === 'deferred') await enqueueDial(deps, { orgId, callId, waits: waits + 1 }, outcome.delayMs);
  if (outcome.kind === 'stopped' && outcome.campaignId) await enqueueCampaignTick(deps, orgId, outcome.campaignId);
  if (outcome.kind === 'placed' && outcome.connector === 'simulator') {
    // The simulated callee talks to our webhook like a vendor would; nothing here waits for the conversation.
    playSimulatedCall(deps, orgId, outcome.externalCallId).catch((err: unknown) =>
      deps.logger.warn({ callId, code: isConnectorError(err) ? err.code : 'error' }, 'simulated call stopped early'),
    );
  }
}
