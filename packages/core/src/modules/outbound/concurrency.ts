/**
 * The org's outbound concurrency cap. Counting and then dialling is a check-then-act, so every dial of an
 * org runs under one transaction-level advisory lock: two dial jobs (in any process) cannot both see a free
 * line and both take it. The lock is released by the commit that records the new call as placed.
 */
import type { Tx } from '../../platform/db/tenancy.ts';

export async function lockOrgDialing(tx: Tx, orgId: string): Promise<void> {
  await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [`outbound-dial:${orgId}`]);
}

/** Calls holding a line: placed at the vendor (a queued call has an external id once placed) and not over. */
export async function activeOutboundCalls(tx: Tx): Promise<number> {
  const [row] = await tx('calls')
    .where({ direction: 'outbound' })
    .where((q) => q.whereIn('status', ['ringing', 'in-progress', 'forwarding']).orWhere((w) => w.where({ status: 'queued' }).whereNotNull('external_call_id')))
    .count<{ n: string | number }[]>('* as n');
  return Number(row?.n ?? 0);
}

/** Calls holding or about to take a line: also those queued for a dial that has not happened yet. */
export async function committedOutboundCalls(tx: Tx): Promise<number> {
  const [row] = await tx('calls')
    .where({ direction: 'outbound' })
    .whereIn('status', ['queued', 'ringing', 'in-progress', 'forwarding'])
    .count<{ n: string | number }[]>('* as n');
  return Number(row?.n ?? 0);
}
