/**
 * Holds: a row in `bookings` with kind 'hold', so the same exclusion constraint that protects bookings
 * protects holds. A hold stops blocking at expires_at: readers ignore lapsed holds at once, writers flip
 * them lazily before inserting (place.ts), and a delayed job flips each one for tidiness.
 */
import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { BodyOf } from '../../platform/http/types.ts';
import { nextFreeSlots, schedulingContext } from '../availability/index.ts';
import { guardSlot } from './conflicts.ts';
import { candidates, firstThatFits } from './place.ts';
import { findBooking } from './repo.ts';
import { holdToApi } from './view.ts';
import type { BookingActor } from './service.ts';
import { originOf } from '../audit/index.ts';

export const HOLD_EXPIRE_JOB = 'holds.expire';

export async function createHoldFor(deps: Deps, who: BookingActor, input: BodyOf<'createHold'>) {
  const startMs = Date.parse(input.starts_at);
  const ctx = await schedulingContext(deps, who.orgId, input.service_id, input.resource_id);
  const row = await guardSlot(
    () =>
      inScope(deps.knex, { orgId: who.orgId }, async (tx) => {
        const placements = await candidates(tx, ctx, startMs);
        const id = await firstThatFits(tx, placements, async (sp, p) => {
          const [r] = (await sp('bookings')
            .insert({
              id: newId('hold'),
              org_id: who.orgId,
              kind: 'hold',
              status: 'held',
              service_id: ctx.service.id,
              resource_id: p.resource.id,
              location_id: ctx.location.id,
              starts_at: p.startsAt,
              ends_at: p.endsAt,
              blocked_from: p.blockedFrom,
              blocked_until: p.blockedUntil,
              // The database's clock, like the lapsed-hold checks that compare against it.
              expires_at: sp.raw(`now() + make_interval(secs => ?)`, [deps.config.scheduling.holdTtlSeconds]),
              patient_name: input.patient?.name ?? null,
              patient_phone: input.patient?.phone ?? null,
            })
            .returning('id')) as { id: string }[];
          return r!.id;
        });
        return (await findBooking(tx, id, 'hold'))!;
      }),
    () => nextFreeSlots(deps, who.orgId, ctx, startMs, 3),
  );
  const delayMs = Math.max(0, row.expires_at!.getTime() - Date.now()) + 1000;
  await deps.queue
    .add(HOLD_EXPIRE_JOB, { orgId: who.orgId, holdId: row.id }, { jobId: `hold-expire-${row.id}`, delayMs, attempts: 5, backoffMs: 2000 })
    .catch((err) => deps.logger.warn({ err: (err as Error).message, holdId: row.id }, 'could not queue hold expiry; it lapses lazily'));
  return holdToApi(row);
}

export const createHold = (deps: Deps, actor: Actor, input: BodyOf<'createHold'>) => createHoldFor(deps, { orgId: actor.orgId, origin: originOf(actor) }, input);

export async function getHold(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const row = await findBooking(tx, id, 'hold');
    if (!row) throw notFound('Hold');
    return holdToApi(row);
  });
}

export async function releaseHoldFor(deps: Deps, orgId: string, id: string) {
  return inScope(deps.knex, { orgId }, async (tx) => {
    const row = await findBooking(tx, id, 'hold', true);
    if (!row) throw notFound('Hold');
    if (row.status === 'held') await tx('bookings').where({ id }).update({ status: 'released', updated_at: tx.fn.now() });
    return holdToApi((await findBooking(tx, id, 'hold'))!);
  });
}

export const releaseHold = (deps: Deps, actor: Actor, id: string) => releaseHoldFor(deps, actor.orgId, id);

/** The expiry job: flips a lapsed hold; a job that fires early fails and is retried with backoff. */
export async function expireHold(deps: Deps, orgId: string, holdId: string): Promise<void> {
  await inScope(deps.knex, { orgId }, async (tx) => {
    const row = await tx('bookings').where({ id: holdId, kind: 'hold' }).first('status', 'expires_at');
    if (!row || row.status !== 'held') return;
    const updated = await tx('bookings').where({ id: holdId, status: 'held' }).where('expires_at', '<=', tx.fn.now()).update({ status: 'expired', updated_at: tx.fn.now() });
    if (!updated) throw new Error('hold not yet due');
  });
}

export function registerHoldJobs(deps: Deps): void {
  deps.queue.process<{ orgId: string; holdId: string }>(HOLD_EXPIRE_JOB, (job) => expireHold(deps, job.data.orgId, job.data.holdId), { concurrency: 5 });
}
