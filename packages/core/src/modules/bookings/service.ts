import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { currentLivemode } from '../../platform/db/livemode.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import { auditStep, recordAudit, originOf, type AuditOrigin } from '../audit/index.ts';
import { emitEvent, eventStep } from '../outbox/index.ts';
import { txBatch } from '../../platform/db/sql.ts';
import { type SmsRow, queueBookingConfirmation } from '../sms/index.ts';
import { nextFreeSlots, rulesOf, schedulingContext, type SchedulingContext } from '../availability/index.ts';
import { loadLocation } from '../locations/index.ts';
import { calendarTargetFor } from '../calendar-sync/index.ts';
import { confirmationCode } from './codes.ts';
import { guardSlot, type Alternative } from './conflicts.ts';
import { afterBookingChange } from './effects.ts';
import { candidates, firstThatFits } from './place.ts';
import { findBooking, selectBookings } from './repo.ts';
import { bookingEventPayload, bookingToApi, type BookingRow } from './view.ts';

type CreateInput = BodyOf<'createBooking'>;

export interface Patient {
  name: string;
  phone: string;
}

/** Who acted, for audit; the voice pipeline acts as the system on behalf of an org. */
export interface BookingActor {
  orgId: string;
  origin: AuditOrigin;
}

export const asBookingActor = (actor: Actor): BookingActor => ({ orgId: actor.orgId, origin: originOf(actor) });

async function alternativesFor(deps: Deps, orgId: string, serviceId: string, startMs: number, resourceId?: string): Promise<Alternative[]> {
  return nextFreeSlots(deps, orgId, await schedulingContext(deps, orgId, serviceId, resourceId), startMs, 3);
}

function startOf(value: string | undefined, path: string): number {
  const ms = value ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest('validation_failed', `${path.split('/').at(-1)} is required.`, { errors: [{ path, message: 'is required' }] });
  return ms;
}

async function reload(tx: Tx, id: string): Promise<BookingRow> {
  return (await findBooking(tx, id, 'booking'))!;
}

interface NewBooking {
  startMs: number;
  patient: Patient;
  notes?: string | null;
  source: 'api' | 'portal' | 'voice';
}

async function insertBooking(tx: Tx, who: BookingActor, ctx: SchedulingContext, input: NewBooking): Promise<BookingRow> {
  const placements = await candidates(tx, ctx, input.startMs);
  return firstThatFits(tx, placements, async (sp, p) => {
    const target = await calendarTargetFor(sp, p.resource, currentLivemode() !== false);
    const [row] = (await sp('bookings')
      .insert({
        id: newId('booking'),
        org_id: who.orgId,
        kind: 'booking',
        status: 'confirmed',
        service_id: ctx.service.id,
        resource_id: p.resource.id,
        location_id: ctx.location.id,
        starts_at: p.startsAt,
        ends_at: p.endsAt,
        blocked_from: p.blockedFrom,
        blocked_until: p.blockedUntil,
        hold_id: null,
        patient_name: input.patient.name,
        patient_phone: input.patient.phone,
        notes: input.notes ?? null,
        confirmation_code: confirmationCode(),
        source: input.source,
        calendar_sync_status: target ? 'pending' : 'not_applicable',
        calendar_id: target,
      })
      .returning('*')) as Omit<BookingRow, 'timezone'>[];
    // What a reload would read: the row as inserted, in its location's zone; a new booking converted no hold.
    return { ...row!, timezone: ctx.location.timezone, converted_booking_id: null };
  });
}

/**
 * The rest of a new booking's transaction: its audit entry and event in one round trip, then the
 * confirmation text (whose names the caller may already know). Returns the text for dispatch after commit.
 */
async function finishCreate(tx: Tx, deps: Deps, who: BookingActor, row: BookingRow, names?: { clinic: string; service: string }): Promise<SmsRow[]> {
  await txBatch(tx, [
    auditStep(who.orgId, who.origin, { action: 'booking.created', targetType: 'booking', targetId: row.id, metadata: { source: row.source } }),
    eventStep(who.orgId, 'booking.created', bookingEventPayload(row)),
  ]);
  const sms = await queueBookingConfirmation(tx, deps, row, names);
  return sms ? [sms] : [];
}

/** Converts a live hold into a booking in one transaction: the slot is never free in between. */
async function convertHold(tx: Tx, who: BookingActor, holdId: string, patient: Patient | undefined, notes: string | null | undefined, source: NewBooking['source']) {
  const hold = await findBooking(tx, holdId, 'hold', true);
  if (!hold) throw notFound('Hold');
  if (hold.status === 'converted') throw conflict('hold_already_converted', 'This hold has already become a booking.', { booking_id: hold.converted_booking_id });
  if (hold.status !== 'held' || hold.expires_at!.getTime() <= Date.now()) throw conflict('hold_expired', 'This hold has expired or was released; hold the slot again.');
  const who_ = patient ?? (hold.patient_name && hold.patient_phone ? { name: hold.patient_name, phone: hold.patient_phone } : undefined);
  if (!who_) throw badRequest('validation_failed', 'patient is required.', { errors: [{ path: '/body/patient', message: 'is required' }] });
  await tx('bookings').where({ id: holdId }).update({ status: 'converted', updated_at: tx.fn.now() });
  const resource = await tx('resources').where({ id: hold.resource_id }).first();
  const target = await calendarTargetFor(tx, resource, hold.livemode);
  const [row] = (await tx('bookings')
    .insert({
      id: newId('booking'),
      org_id: who.orgId,
      kind: 'booking',
      status: 'confirmed',
      service_id: hold.service_id,
      resource_id: hold.resource_id,
      location_id: hold.location_id,
      starts_at: hold.starts_at,
      ends_at: hold.ends_at,
      blocked_from: hold.blocked_from,
      blocked_until: hold.blocked_until,
      hold_id: hold.id,
      patient_name: who_.name,
      patient_phone: who_.phone,
      notes: notes ?? null,
      confirmation_code: confirmationCode(),
      source,
      calendar_sync_status: target ? 'pending' : 'not_applicable',
      calendar_id: target,
    })
    .returning('id')) as { id: string }[];
  return row!.id;
}

export async function createBookingFor(deps: Deps, who: BookingActor, input: CreateInput) {
  const source = input.source ?? 'api';
  let alternatives = async (): Promise<Alternative[]> => [];
  if (!input.hold_id) {
    if (!input.service_id) throw badRequest('validation_failed', 'Send hold_id, or service_id and starts_at.', { errors: [{ path: '/body/service_id', message: 'is required without hold_id' }] });
    const startMs = startOf(input.starts_at, '/body/starts_at');
    alternatives = () => alternativesFor(deps, who.orgId, input.service_id!, startMs, input.resource_id);
  } else if (input.service_id || input.starts_at || input.resource_id) {
    throw badRequest('validation_failed', 'With hold_id, the hold decides service, resource and time.', { errors: [{ path: '/body/hold_id', message: 'excludes service_id, resource_id and starts_at' }] });
  }
  const ctx = input.hold_id ? undefined : await schedulingContext(deps, who.orgId, input.service_id!, input.resource_id);
  const { row, sms } = await guardSlot(
    () =>
      inScope(deps.knex, { orgId: who.orgId }, async (tx) => {
        if (!ctx) {
          const row = await reload(tx, await convertHold(tx, who, input.hold_id!, input.patient, input.notes, source));
          return { row, sms: await finishCreate(tx, deps, who, row) };
        }
        const row = await insertBooking(tx, who, ctx, { startMs: Date.parse(input.starts_at!), patient: input.patient, notes: input.notes, source });
        return { row, sms: await finishCreate(tx, deps, who, row, { clinic: ctx.location.name, service: ctx.service.name }) };
      }),
    alternatives,
  );
  await afterBookingChange(deps, row, 'created', sms);
  return bookingToApi(row);
}

export const createBooking = (deps: Deps, actor: Actor, input: CreateInput) => createBookingFor(deps, asBookingActor(actor), input);

export async function getBooking(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const row = await findBooking(tx, id, 'booking');
    if (!row) throw notFound('Booking');
    return bookingToApi(row);
  });
}

export async function listBookings(deps: Deps, actor: Actor, query: QueryOf<'listBookings'>) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) => {
    const q = selectBookings(tx).where('b.kind', 'booking');
    if (query.status) q.where('b.status', query.status);
    if (query.resource_id) q.where('b.resource_id', query.resource_id);
    if (query.location_id) q.where('b.location_id', query.location_id);
    if (query.patient_phone) q.where('b.patient_phone', query.patient_phone);
    if (query.starts_after) q.where('b.starts_at', '>=', new Date(query.starts_after));
    if (query.starts_before) q.where('b.starts_at', '<', new Date(query.starts_before));
    return paginate(q, query as PageParams, bookingToApi, { list: 'bookings', idColumn: 'b.id' });
  });
}

export async function rescheduleBookingFor(deps: Deps, who: BookingActor, id: string, input: { starts_at: string; resource_id?: string }) {
  const startMs = startOf(input.starts_at, '/body/starts_at');
  const before = await inScope(deps.knex, { orgId: who.orgId }, (tx) => findBooking(tx, id, 'booking'));
  if (!before) throw notFound('Booking');
  const serviceId = before.service_id;
  const row = await guardSlot(
    () =>
      inScope(deps.knex, { orgId: who.orgId }, async (tx) => {
        const current = await findBooking(tx, id, 'booking', true);
        if (!current) throw notFound('Booking');
        if (current.status !== 'confirmed') throw conflict('booking_cancelled', 'A cancelled booking cannot be moved; book again instead.');
        // The booking keeps its service even if the service was since deleted; its rules still apply.
        const ctx = await contextForExisting(deps, tx, who.orgId, current, input.resource_id);
        const placements = await candidates(tx, ctx, startMs, id);
        await firstThatFits(tx, placements, async (sp, p) => {
          const target = current.calendar_event_id ? current.calendar_id : await calendarTargetFor(sp, p.resource, current.livemode);
          await sp('bookings')
            .where({ id })
            .update({
              resource_id: p.resource.id,
              starts_at: p.startsAt,
              ends_at: p.endsAt,
              blocked_from: p.blockedFrom,
              blocked_until: p.blockedUntil,
              reschedule_count: sp.raw('reschedule_count + 1'),
              sync_version: sp.raw('sync_version + 1'),
              calendar_sync_status: target ? 'pending' : 'not_applicable',
              calendar_id: target,
              patient_confirmed_at: null,
              updated_at: sp.fn.now(),
            });
        });
        const row = await reload(tx, id);
        await recordAudit(tx, who.orgId, who.origin, {
          action: 'booking.rescheduled',
          targetType: 'booking',
          targetId: id,
          metadata: { from: current.starts_at.toISOString(), to: row.starts_at.toISOString() },
        });
        await emitEvent(tx, who.orgId, 'booking.rescheduled', { ...bookingEventPayload(row), previous_starts_at: bookingEventPayload(current).starts_at });
        return row;
      }),
    () => alternativesFor(deps, who.orgId, serviceId, startMs, input.resource_id),
  );
  await afterBookingChange(deps, row, 'rescheduled');
  return bookingToApi(row);
}

export const rescheduleBooking = (deps: Deps, actor: Actor, id: string, input: { starts_at: string; resource_id?: string }) =>
  rescheduleBookingFor(deps, asBookingActor(actor), id, input);

async function contextForExisting(deps: Deps, tx: Tx, orgId: string, booking: BookingRow, resourceId?: string): Promise<SchedulingContext> {
  const service = await tx('services').where({ id: booking.service_id }).first();
  if (!service.deleted_at) return schedulingContext(deps, orgId, service.id, resourceId ?? booking.resource_id);
  const location = await loadLocation(tx, booking.location_id);
  if (resourceId && resourceId !== booking.resource_id) throw new ApiError(422, 'service_deleted', 'The service was deleted; the booking can only move on its own resource.');
  const resources = await tx('resources').where({ id: booking.resource_id });
  return { service, location, resources, rules: rulesOf(service) };
}

export async function cancelBookingFor(deps: Deps, who: BookingActor, id: string, reason?: string) {
  const { row, changed } = await inScope(deps.knex, { orgId: who.orgId }, async (tx) => {
    const current = await findBooking(tx, id, 'booking', true);
    if (!current) throw notFound('Booking');
    if (current.status === 'cancelled') return { row: current, changed: false };
    await tx('bookings')
      .where({ id })
      .update({
        status: 'cancelled',
        cancelled_at: tx.fn.now(),
        cancel_reason: reason ?? null,
        sync_version: tx.raw('sync_version + 1'),
        // The sync job converges the calendar on the booking: an event, if any, gets deleted.
        calendar_sync_status: current.calendar_sync_status === 'not_applicable' ? 'not_applicable' : 'pending',
        updated_at: tx.fn.now(),
      });
    const row = await reload(tx, id);
    await recordAudit(tx, who.orgId, who.origin, { action: 'booking.cancelled', targetType: 'booking', targetId: id, metadata: { reason: reason ?? null } });
    await emitEvent(tx, who.orgId, 'booking.cancelled', { ...bookingEventPayload(row), reason: reason ?? null });
    return { row, changed: true };
  });
  if (changed) await afterBookingChange(deps, row, 'cancelled');
  return bookingToApi(row);
}

export const cancelBooking = (deps: Deps, actor: Actor, id: string, reason?: string) => cancelBookingFor(deps, asBookingActor(actor), id, reason);


/**
 * The bookings a caller may mean on a call (the voice tool cancel_appointment decides among them): the one
 * with this id or this confirmation code (as read out: spaces and dashes dropped, any case), else the next
 * five confirmed upcoming ones; only those booked with `phone` when one is given.
 */
export async function findCallerBookings(deps: Deps, orgId: string, by: { booking_id?: string; confirmation_code?: string; phone?: string }): Promise<BookingRow[]> {
  return inScope(deps.knex, { orgId }, async (tx) => {
    const q = selectBookings(tx).where('b.kind', 'booking');
    if (by.booking_id) q.where('b.id', by.booking_id);
    else if (by.confirmation_code) q.where('b.confirmation_code', by.confirmation_code.replace(/[\s-]/g, '').toUpperCase());
    else q.where('b.status', 'confirmed').where('b.starts_at', '>', tx.fn.now()).orderBy('b.starts_at').limit(5);
    if (by.phone) q.where('b.patient_phone', by.phone);
    return q;
  });
}
