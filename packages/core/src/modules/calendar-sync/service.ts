/**
 * Google Calendar as a source of busy time: incremental sync with sync tokens (a full resync when
 * Google invalidates one), push channels that trigger it (renewed before they expire), and polling when
 * push is off. Busy blocks land in calendar_busy_blocks with the time they were fetched, which the
 * availability answer reports. Our own events (carrying a booking id) are never counted as busy.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isConnectorError, type CalendarEvent } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import { isId } from '../../platform/ids.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { iso, isoRequired } from '../../platform/db/rows.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { randomToken } from '../../platform/crypto/hash.ts';
import type { Actor } from '../../platform/http/context.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { mirroredCalendars, timezoneOfCalendar } from '../resources/index.ts';
import { addDays, localToUtc, parseLocalDate } from '../scheduling/index.ts';
import { googleCalendarFor, pushAddress } from '../../connectors/calendar.ts';

export const CAL_SYNC_BOOKING_JOB = 'calendar.sync_booking';
export const CAL_PULL_JOB = 'calendar.pull';
export const CAL_RENEW_JOB = 'calendar.renew_channel';

const CHANNEL_TTL_SECONDS = 7 * 24 * 3600;
const RENEW_BEFORE_MS = 3600_000;
const POLL_EVERY_MS = 10 * 60_000;

/** Job ids may not contain ':' and calendar ids are e-mail-like: hash them. */
const calKey = (orgId: string, calendarId: string) => createHash('sha256').update(`${orgId}\u0000${calendarId}`).digest('hex').slice(0, 24);

/**
 * The calendar a booking on this resource mirrors into, when the org is connected. A test booking is never
 * written to a real calendar (decision 0012): it has no target.
 */
export async function calendarTargetFor(tx: Tx, resource: { calendar_id: string | null } | undefined, livemode: boolean): Promise<string | null> {
  if (!livemode || !resource?.calendar_id) return null;
  const conn = await tx('calendar_connections').first('id');
  return conn ? resource.calendar_id : null;
}

export async function enqueueBookingSync(deps: Deps, orgId: string, bookingId: string, version: number): Promise<void> {
  await deps.queue.add(
    CAL_SYNC_BOOKING_JOB,
    { orgId, bookingId },
    { jobId: `gcal-booking-${bookingId}-v${version}`, attempts: deps.config.connectors.syncJobAttempts, backoffMs: deps.config.connectors.syncJobBackoffMs },
  );
}

export async function enqueuePull(deps: Deps, orgId: string, calendarId: string, reason: string): Promise<void> {
  await deps.queue.add(CAL_PULL_JOB, { orgId, calendarId }, { jobId: `gcal-pull-${calKey(orgId, calendarId)}-${reason}`, attempts: 5, backoffMs: deps.config.connectors.syncJobBackoffMs });
}

/** Google's event boundary -> instant; all-day dates are local days of the clinic. */
function boundary(value: string, allDay: boolean, tz: string): Date {
  if (!allDay) return new Date(value);
  return new Date(localToUtc(parseLocalDate(value), 0, tz));
}

function blocks(e: CalendarEvent): boolean {
  return e.status !== 'cancelled' && e.transparency === 'opaque' && !e.bookingId && !!e.start && !!e.end;
}

/** One incremental (or, when Google says so, full) sync of a calendar into busy blocks. */
export async function pullCalendar(deps: Deps, orgId: string, calendarId: string): Promise<void> {
  const google = await googleCalendarFor(deps, orgId);
  if (!google) return;
  const state = await inScope(deps.knex, { orgId }, async (tx) => {
    await tx('calendar_syncs').insert({ org_id: orgId, calendar_id: calendarId }).onConflict(['org_id', 'calendar_id']).ignore();
    return tx('calendar_syncs').where({ calendar_id: calendarId }).first('sync_token');
  });
  let full = !state?.sync_token;
  let changes;
  try {
    try {
      changes = await google.listChanges({ calendarId, ...(state?.sync_token ? { syncToken: state.sync_token } : {}) });
    } catch (err) {
      if (!isConnectorError(err) || err.code !== 'sync_token_expired') throw err;
      // Google dropped our position: start over from a full listing.
      deps.logger.info({ orgId, calendar: calKey(orgId, calendarId) }, 'calendar sync token expired; full resync');
      full = true;
      changes = await google.listChanges({ calendarId });
    }
  } catch (err) {
    await inScope(deps.knex, { orgId }, (tx) => tx('calendar_syncs').where({ calendar_id: calendarId }).update({ last_error: (err as Error).message.slice(0, 500), updated_at: tx.fn.now() }));
    throw err;
  }
  const fetchedAt = new Date();
  await inScope(deps.knex, { orgId }, async (tx) => {
    const tz = await timezoneOfCalendar(tx, calendarId);
    if (full) await tx('calendar_busy_blocks').where({ calendar_id: calendarId }).delete();
    for (const e of changes.events) {
      if (!e.eventId) continue;
      if (!blocks(e)) {
        await tx('calendar_busy_blocks').where({ calendar_id: calendarId, event_id: e.eventId }).delete();
        continue;
      }
      const startsAt = boundary(e.start!, e.allDay, tz);
      let endsAt = boundary(e.end!, e.allDay, tz);
      if (endsAt <= startsAt) endsAt = e.allDay ? new Date(localToUtc(addDays(parseLocalDate(e.start!), 1), 0, tz)) : new Date(startsAt.getTime() + 60_000);
      await tx('calendar_busy_blocks')
        .insert({ org_id: orgId, calendar_id: calendarId, event_id: e.eventId, starts_at: startsAt, ends_at: endsAt, fetched_at: fetchedAt })
        .onConflict(['org_id', 'calendar_id', 'event_id'])
        .merge(['starts_at', 'ends_at', 'fetched_at']);
    }
    await tx('calendar_syncs')
      .where({ calendar_id: calendarId })
      .update({ sync_token: changes.nextSyncToken, fetched_at: fetchedAt, ...(full ? { last_full_sync_at: fetchedAt } : {}), last_error: null, updated_at: tx.fn.now() });
  });
  if (!deps.config.scheduling.google.push) {
    // Without push, poll: one pending job per calendar per time bucket.
    const bucket = Math.floor(Date.now() / POLL_EVERY_MS) + 1;
    await deps.queue.add(CAL_PULL_JOB, { orgId, calendarId }, { jobId: `gcal-pull-${calKey(orgId, calendarId)}-poll${bucket}`, delayMs: POLL_EVERY_MS, attempts: 3, backoffMs: 60_000 });
  }
}

/** Opens (or replaces) the push channel of a calendar and schedules its renewal before expiry. */
export async function ensureChannel(deps: Deps, orgId: string, calendarId: string): Promise<void> {
  if (!deps.config.scheduling.google.push) return;
  const google = await googleCalendarFor(deps, orgId);
  if (!google) return;
  // The org id leads the channel id, so the unauthenticated push endpoint knows which org's row to read.
  // Google caps channel ids at 64 characters: 30 for the org id, 1 dash, 24 random hex.
  const channelId = `${orgId}-${randomBytes(12).toString('hex')}`;
  const token = randomToken(24);
  const watched = await google.watch({ calendarId, address: pushAddress(deps), channelId, token, ttlSeconds: CHANNEL_TTL_SECONDS });
  const previous = await inScope(deps.knex, { orgId }, async (tx) => {
    await tx('calendar_syncs').insert({ org_id: orgId, calendar_id: calendarId }).onConflict(['org_id', 'calendar_id']).ignore();
    const prev = await tx('calendar_syncs').where({ calendar_id: calendarId }).first('channel_id', 'channel_resource_id');
    await tx('calendar_syncs')
      .where({ calendar_id: calendarId })
      .update({ channel_id: channelId, channel_resource_id: watched.resourceId, channel_token: token, channel_expires_at: new Date(watched.expiration), updated_at: tx.fn.now() });
    return prev;
  });
  if (previous?.channel_id && previous.channel_resource_id) {
    await google.stopChannel({ channelId: previous.channel_id, resourceId: previous.channel_resource_id }).catch(() => undefined);
  }
  const expires = Date.parse(watched.expiration);
  await deps.queue.add(
    CAL_RENEW_JOB,
    { orgId, calendarId },
    { jobId: `gcal-renew-${calKey(orgId, calendarId)}-${expires}`, delayMs: Math.max(0, expires - RENEW_BEFORE_MS - Date.now()), attempts: 8, backoffMs: 60_000 },
  );
}

/** A push notification: authenticated by the channel's token; it only ever triggers a pull. */
export async function receivePush(deps: Deps, headers: Record<string, string | string[] | undefined>): Promise<void> {
  const unauthorized = new ApiError(401, 'invalid_channel_token', 'Unknown channel or wrong channel token.');
  const raw = headers['x-goog-channel-id'];
  const channelId = Array.isArray(raw) ? raw[0] : raw;
  const orgId = channelId?.slice(0, 30);
  if (!channelId || !isId('org', orgId)) throw unauthorized;
  const row = await inScope(deps.knex, { orgId }, (tx) => tx('calendar_syncs').where({ channel_id: channelId }).first('calendar_id', 'channel_token'));
  const google = row ? await googleCalendarFor(deps, orgId) : null;
  const push = google && row ? google.verifyPush(headers, row.channel_token) : null;
  if (!push || !row) throw unauthorized;
  if (push.resourceState === 'sync') return;
  await enqueuePull(deps, orgId, row.calendar_id, `push${push.messageNumber}`);
}

/** Starts mirroring every calendar the org's resources name (after connecting, or when asked to). */
export async function startMirroring(deps: Deps, orgId: string, reason: string): Promise<number> {
  const calendars = await inScope(deps.knex, { orgId }, (tx) => mirroredCalendars(tx));
  for (const calendarId of calendars) {
    await enqueuePull(deps, orgId, calendarId, reason);
    const ch = await inScope(deps.knex, { orgId }, (tx) => tx('calendar_syncs').where({ calendar_id: calendarId }).first('channel_expires_at'));
    if (!ch?.channel_expires_at || ch.channel_expires_at.getTime() - Date.now() < RENEW_BEFORE_MS) {
      await ensureChannel(deps, orgId, calendarId).catch((err) => deps.logger.warn({ orgId, err: (err as Error).message }, 'could not open a calendar push channel; polling instead'));
    }
  }
  return calendars.length;
}

export async function connectionStatus(deps: Deps, actor: Actor) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const conn = await tx('calendar_connections').first();
    if (!conn) throw notFound('Calendar connection');
    const syncs = await tx('calendar_syncs').orderBy('calendar_id');
    return {
      object: 'calendar_connection' as const,
      provider: 'google' as const,
      status: conn.status as 'connected' | 'error',
      account_email: conn.account_email as string | null,
      last_error: conn.last_error as string | null,
      calendars: syncs.map((s: Record<string, unknown>) => ({
        calendar_id: s.calendar_id as string,
        fetched_at: iso(s.fetched_at as Date | null),
        last_full_sync_at: iso(s.last_full_sync_at as Date | null),
        channel_expires_at: iso(s.channel_expires_at as Date | null),
        last_error: s.last_error as string | null,
      })),
      created_at: isoRequired(conn.created_at),
      updated_at: isoRequired(conn.updated_at),
    };
  });
}

export async function disconnect(deps: Deps, actor: Actor): Promise<void> {
  const google = await googleCalendarFor(deps, actor.orgId).catch(() => null);
  const channels = await inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const conn = await tx('calendar_connections').first('id');
    if (!conn) throw notFound('Calendar connection');
    const rows = await tx('calendar_syncs').whereNotNull('channel_id').select('channel_id', 'channel_resource_id');
    await tx('calendar_busy_blocks').delete();
    await tx('calendar_syncs').delete();
    await tx('calendar_connections').delete();
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'calendar.disconnected', targetType: 'calendar_connection', targetId: conn.id });
    return rows as { channel_id: string; channel_resource_id: string }[];
  });
  // Best effort: an unstopped channel only sends pushes we now refuse.
  for (const c of channels) await google?.stopChannel({ channelId: c.channel_id, resourceId: c.channel_resource_id }).catch(() => undefined);
}

export function registerCalendarMirrorJobs(deps: Deps): void {
  deps.queue.process<{ orgId: string; calendarId: string }>(CAL_PULL_JOB, (job) => pullCalendar(deps, job.data.orgId, job.data.calendarId), { concurrency: 5 });
  deps.queue.process<{ orgId: string; calendarId: string }>(CAL_RENEW_JOB, (job) => ensureChannel(deps, job.data.orgId, job.data.calendarId), { concurrency: 2 });
}
