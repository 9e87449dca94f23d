/**
 * What every ingest step shares: the transaction context, the locked call row, vendor times, and the one
 * place `call.started` is emitted (so it is emitted once per call whichever message shows the start first).
 */
import type { Keyring } from '../../platform/crypto/index.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { emitEvent } from '../outbox/index.ts';

export interface IngestContext {
  tx: Tx;
  orgId: string;
  connector: string;
  keyring: Keyring;
}

/** Work for after the commit: jobs must never run against a transaction that may still roll back. */
export interface FollowUps {
  analyzeCallId?: string;
  campaignId?: string;
}

export interface LockedCall {
  id: string;
  status: string;
  direction: string;
  agent_id: string | null;
  contact_id: string | null;
  campaign_id: string | null;
  started_at: Date | null;
  ended_at: Date | null;
  ended_reason: string | null;
  outcome: string | null;
}

/**
 * The call row, locked: messages of one call are processed by concurrent jobs, and the lock makes each
 * one see the previous one's result (a late status never undoes an end, started is emitted once).
 */
export async function lockCall(tx: Tx, callId: string): Promise<LockedCall> {
  return tx('calls')
    .where({ id: callId })
    .forUpdate()
    .first('id', 'status', 'direction', 'agent_id', 'contact_id', 'campaign_id', 'started_at', 'ended_at', 'ended_reason', 'outcome');
}

/** The end-of-call-report has been applied: its transcript and outcome are final. */
export const reportApplied = (call: LockedCall) => call.outcome !== null;

export function vendorTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? null : t;
}

/** Vendor enum strings (ended reasons) are free text to us: bounded before storage. */
export const vendorText = (value: string | null | undefined, max = 200): string | null => (value ? value.slice(0, max) : null);

export async function markStarted(ctx: IngestContext, call: LockedCall, at: Date): Promise<void> {
  if (call.started_at) return;
  await ctx.tx('calls').where({ id: call.id }).update({ started_at: at, updated_at: ctx.tx.fn.now() });
  call.started_at = at;
  // Ids only: numbers and names are PHI; subscribers fetch the call with their own access.
  await emitEvent(ctx.tx, ctx.orgId, 'call.started', {
    call_id: call.id,
    agent_id: call.agent_id,
    contact_id: call.contact_id,
    direction: call.direction,
    started_at: at.toISOString(),
  });
}
