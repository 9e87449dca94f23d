/**
 * Placing a row that occupies a resource (a hold, a booking, or a booking's new time). Validation here
 * gives precise answers (outside hours, in the past, busy in the external calendar); the exclusion
 * constraint at insert/update is what makes a double booking impossible when requests race.
 */
import { ApiError } from '../../platform/errors.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { judgeSlot, resourceTimes, type SchedulingContext, busyByResource, busyStep, blockedRange } from '../availability/index.ts';
import { txBatch } from '../../platform/db/sql.ts';
import { statement } from '../../platform/db/statements.ts';
import type { ResourceRow } from '../resources/index.ts';
import { isOverlapViolation, SlotTaken } from './conflicts.ts';

const DAY = 86_400_000;

export interface Placement {
  resource: ResourceRow;
  startsAt: Date;
  endsAt: Date;
  blockedFrom: Date;
  blockedUntil: Date;
}

/**
 * Holds past their expires_at still match the constraint's `status = 'held'` until flipped: a constraint
 * cannot call now(). The ones in the way are flipped first, in this transaction, and in the same round trip
 * the busy time around the slot is read (after the flip, so a lapsed hold no longer counts).
 */
const EXPIRE_LAPSED = statement(
  'expire_lapsed_holds',
  `update bookings set status = 'expired', updated_at = now()
    where resource_id = any($1::text[]) and status = 'held' and expires_at <= now() and blocked_from < $3 and blocked_until > $2`,
);

/** The resources that can take `startMs`, in preference order; throws a precise problem when none can. */
export async function candidates(tx: Tx, ctx: SchedulingContext, startMs: number, excludeBookingId?: string): Promise<Placement[]> {
  if (!ctx.resources.length) throw new ApiError(422, 'service_has_no_resources', 'No resource is assigned to this service yet.');
  const range = blockedRange(startMs, ctx.rules);
  const [, busyRows] = await txBatch(tx, [
    [EXPIRE_LAPSED, [ctx.resources.map((r) => r.id), new Date(range.start), new Date(range.end)]],
    busyStep(ctx.resources, startMs, startMs + 1, ctx.rules, excludeBookingId ?? null),
  ]);
  const busy = { byResource: busyByResource(ctx.resources, busyRows as { k: 'r' | 'c'; id: string; t: string }[]) };
  const times = resourceTimes(ctx, busy, startMs - DAY, startMs + DAY);
  const verdicts = times.map((t) => judgeSlot(ctx, t, startMs));
  const ok = ctx.resources.filter((_, i) => verdicts[i]!.ok);
  if (!ok.length) {
    const reasons = new Set(verdicts.map((v) => (v.ok ? 'ok' : v.reason)));
    if (reasons.has('busy')) throw new SlotTaken();
    if (reasons.has('in_past')) throw new ApiError(422, 'slot_in_past', 'That time has already passed.');
    throw new ApiError(422, 'outside_hours', 'That time is outside the opening hours.');
  }
  return ok.map((resource) => ({
    resource,
    startsAt: new Date(startMs),
    endsAt: new Date(startMs + ctx.rules.durationMs),
    blockedFrom: new Date(range.start),
    blockedUntil: new Date(range.end),
  }));
}

/**
 * Tries each candidate in a savepoint, so losing a race on one resource falls through to the next
 * instead of aborting the transaction. When every candidate is taken: SlotTaken.
 */
export async function firstThatFits<T>(tx: Tx, placements: Placement[], write: (sp: Tx, p: Placement) => Promise<T>): Promise<T> {
  // One candidate needs no savepoint (two round trips): losing its race fails the transaction, which is SlotTaken anyway.
  if (placements.length === 1) return write(tx, placements[0]!);
  for (const p of placements) {
    try {
      return await tx.transaction((sp) => write(sp, p));
    } catch (err) {
      if (isOverlapViolation(err)) continue;
      throw err;
    }
  }
  throw new SlotTaken();
}
