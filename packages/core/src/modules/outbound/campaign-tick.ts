/**
 * The campaign tick: one pass over a campaign, under a lock on its row (ticks of one campaign, and its
 * pause/resume/cancel, never interleave).
 *   1. Settle targets whose call is over: answered -> completed; no answer or busy -> retried with
 *      exponential backoff until max_attempts, then failed; not placed -> failed (or skipped, when the
 *      dial-time check found the number on the do-not-call list or consent not granted).
 *   2. While running, dial due targets outside quiet hours in each target's own time zone (a target in
 *      quiet hours is moved to the end of them), within the campaign's and the org's concurrency.
 *   3. When every target is settled, complete the campaign and emit `campaign.completed`, once: the
 *      event is written by the same transaction that moves the status off `running`.
 *   4. Ask for the next tick while there is anything left to do.
 * Dial jobs are enqueued inside the transaction, so a failed enqueue undoes the calls it would have placed.
 */
import type { Deps } from '../../platform/deps.ts';
import { ApiError } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { withLivemode } from '../../platform/db/livemode.ts';
import type { JobContext } from '../../platform/queue/index.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import { loadCallSettings } from '../call-settings/index.ts';
import { recordAudit, type AuditOrigin } from '../audit/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { committedOutboundCalls } from './concurrency.ts';
import { callableFrom } from './call-window.ts';
import { callBlock, isCallBlock, skippedStatus } from './eligibility.ts';
import { assertDeployedOn, outboundAgent, outboundNumber } from './line.ts';
import { insertOutboundCall } from './outbound-call.ts';
import { progressOf, type CampaignRow, type TargetRow, type TargetStatus } from './campaign-view.ts';
import { enqueueCampaignTick, enqueueDial, type CampaignTickJob } from './queue.ts';

// Vapi's ended reasons (and our outcomes) that mean nobody picked up: worth another try later.
const UNANSWERED_REASONS = new Set(['customer-did-not-answer', 'customer-busy', 'no-answer', 'busy']);
const UNANSWERED_OUTCOMES = new Set(['no_answer', 'busy']);
const DUE_BATCH = 100;
const POLL_MS = 30_000;
const AT_CAP_POLL_MS = 5_000;

const SYSTEM: AuditOrigin = { actorType: 'system', actorId: null, ip: null, userAgent: null, requestId: null };

interface FinishedCall {
  target_id: string;
  attempts: number;
  call_status: 'ended' | 'failed' | 'cancelled';
  ended_reason: string | null;
  outcome: string | null;
  failure_reason: string | null;
}

function settle(c: FinishedCall, campaign: CampaignRow, now: number): { status: TargetStatus; last_result: string; next_attempt_at?: Date } {
  if (c.call_status === 'cancelled') return { status: 'cancelled', last_result: 'cancelled' };
  if (c.call_status === 'failed') {
    const reason = c.failure_reason ?? 'failed';
    return { status: isCallBlock(reason) ? skippedStatus(reason) : 'failed', last_result: reason };
  }
  const result = c.ended_reason ?? c.outcome ?? 'ended';
  const unanswered = UNANSWERED_REASONS.has(c.ended_reason ?? '') || UNANSWERED_OUTCOMES.has(c.outcome ?? '');
  if (!unanswered) return { status: 'completed', last_result: result };
  if (campaign.status === 'cancelled') return { status: 'cancelled', last_result: result };
  if (c.attempts >= campaign.max_attempts) return { status: 'failed', last_result: result };
  const backoffMs = campaign.retry_backoff_seconds * 1000 * 2 ** (c.attempts - 1);
  return { status: 'pending', last_result: result, next_attempt_at: new Date(now + backoffMs) };
}

async function reconcile(tx: Tx, campaign: CampaignRow, now: number): Promise<void> {
  const finished: FinishedCall[] = await tx('campaign_targets as t')
    .join('calls as c', 'c.id', 't.last_call_id')
    .where({ 't.campaign_id': campaign.id, 't.status': 'dialing' })
    .whereIn('c.status', ['ended', 'failed', 'cancelled'])
    .select('t.id as target_id', 't.attempts', 'c.status as call_status', 'c.ended_reason', 'c.outcome', 'c.failure_reason');
  for (const c of finished) {
    await tx('campaign_targets').where({ id: c.target_id }).update({ ...settle(c, campaign, now), updated_at: tx.fn.now() });
  }
}

/** Pauses a campaign that cannot place calls at all (agent unpublished, number released ...) until a person acts. */
async function pauseFor(tx: Tx, campaign: CampaignRow, code: string): Promise<void> {
  await tx('campaigns').where({ id: campaign.id }).update({ status: 'paused', updated_at: tx.fn.now() });
  await recordAudit(tx, campaign.org_id, SYSTEM, { action: 'campaign.paused', targetType: 'campaign', targetId: campaign.id, metadata: { reason: code } });
  campaign.status = 'paused';
}

async function dialDue(deps: Deps, tx: Tx, campaign: CampaignRow, connector: VoiceConnectorId | ApiError, now: number): Promise<boolean> {
  const orgId = campaign.org_id;
  const settings = await loadCallSettings(tx, orgId);
  const [{ n: dialing } = { n: 0 }] = await tx('campaign_targets').where({ campaign_id: campaign.id, status: 'dialing' }).count<{ n: number }[]>('* as n');
  let budget = Math.min(campaign.max_concurrency - Number(dialing), settings.outboundConcurrency - (await committedOutboundCalls(tx)));
  const due: TargetRow[] = await tx('campaign_targets')
    .where({ campaign_id: campaign.id, status: 'pending' })
    .where('next_attempt_at', '<=', new Date(now))
    .orderBy([{ column: 'next_attempt_at' }, { column: 'id' }])
    .limit(DUE_BATCH)
    .forUpdate();
  if (!due.length || budget <= 0) return due.length > 0;

  let line;
  try {
    if (connector instanceof ApiError) throw connector;
    const agent = await outboundAgent(tx, campaign.agent_id);
    const number = await outboundNumber(tx, agent.id, campaign.phone_number_id);
    assertDeployedOn(connector, agent, number);
    line = { connector, agent, number };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    await pauseFor(tx, campaign, err.code);
    return false;
  }

  const quiet = { start: campaign.quiet_hours_start, end: campaign.quiet_hours_end };
  for (const t of due) {
    // Checked first: a number that must not be called is settled now rather than after quiet hours.
    const block = await callBlock(tx, t.phone, 'campaign');
    if (block) {
      await tx('campaign_targets').where({ id: t.id }).update({ status: skippedStatus(block), last_result: block, updated_at: tx.fn.now() });
      continue;
    }
    // The same rule as the dial job's and a single call's (call-window.ts), on the target's wall clock.
    const callable = callableFrom(now, { zone: t.timezone, quiet });
    if (callable > now) {
      await tx('campaign_targets').where({ id: t.id }).update({ next_attempt_at: new Date(callable), updated_at: tx.fn.now() });
      continue;
    }
    if (budget <= 0) return true;
    const call = await insertOutboundCall(tx, { orgId, ...line, to: t.phone, contactId: t.contact_id, campaignId: campaign.id });
    await tx('campaign_targets').where({ id: t.id }).update({ status: 'dialing', attempts: t.attempts + 1, last_call_id: call.id, updated_at: tx.fn.now() });
    await enqueueDial(deps, { orgId, callId: call.id });
    budget--;
  }
  return false;
}

/** Completes a running campaign with nothing left to do; the status guard makes the event exactly-once. */
async function completeIfDone(tx: Tx, campaign: CampaignRow): Promise<void> {
  const progress = (await progressOf(tx, [campaign.id])).get(campaign.id)!;
  if (campaign.status !== 'running' || progress.pending > 0 || progress.dialing > 0) return;
  const moved = await tx('campaigns')
    .where({ id: campaign.id, status: 'running' })
    .update({ status: 'completed', completed_at: tx.fn.now(), updated_at: tx.fn.now() });
  if (!moved) return;
  campaign.status = 'completed';
  await emitEvent(tx, campaign.org_id, 'campaign.completed', { campaign_id: campaign.id, progress });
}

/** When to look again: soon for what is due, at most every 30 s while calls are out. */
async function nextTickDelay(tx: Tx, campaign: CampaignRow, atCap: boolean, now: number): Promise<number | null> {
  const [row] = await tx('campaign_targets')
    .where({ campaign_id: campaign.id })
    .select(
      tx.raw(`min(next_attempt_at) filter (where status = 'pending') as next_due`),
      tx.raw(`count(*) filter (where status = 'dialing') as dialing`),
    );
  const nextDue: Date | null = row?.next_due ? new Date(row.next_due) : null;
  const dialing = Number(row?.dialing ?? 0);
  const candidates: number[] = [];
  if (campaign.status === 'running' && nextDue) candidates.push(atCap ? AT_CAP_POLL_MS : Math.max(0, nextDue.getTime() - now));
  if (dialing > 0) candidates.push(POLL_MS);
  return candidates.length ? Math.min(POLL_MS, ...candidates) : null;
}

export async function runCampaignTick(deps: Deps, job: JobContext<CampaignTickJob>): Promise<void> {
  const { orgId, campaignId } = job.data;
  const stored = await inScope(deps.knex, { orgId }, (tx) => tx('campaigns').where({ id: campaignId }).first('livemode'));
  if (!stored) return;
  // The tick acts for the campaign, in its mode: a test campaign's calls, contacts and checks are test data.
  await withLivemode(stored.livemode as boolean, () => tick(deps, orgId, campaignId, stored.livemode as boolean));
}

async function tick(deps: Deps, orgId: string, campaignId: string, livemode: boolean): Promise<void> {
  // Resolved before the transaction: it reads the org's integrations in a transaction of its own.
  const connector = await deps.connectors.voiceConnectorFor(orgId, { livemode }).catch((err: unknown) => {
    if (err instanceof ApiError) return err;
    throw err;
  });
  await inScope(deps.knex, { orgId }, async (tx) => {
    const campaign = (await tx('campaigns').where({ id: campaignId }).forUpdate().first()) as CampaignRow | undefined;
    if (!campaign || campaign.status === 'completed') return;
    const now = Date.now();
    await reconcile(tx, campaign, now);
    const atCap = campaign.status === 'running' ? await dialDue(deps, tx, campaign, connector, now) : false;
    await completeIfDone(tx, campaign);
    const delay = await nextTickDelay(tx, campaign, atCap, now);
    if (delay !== null) await enqueueCampaignTick(deps, orgId, campaignId, delay);
  });
}
