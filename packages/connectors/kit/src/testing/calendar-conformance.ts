/**
 * The behaviour every CalendarConnector must have, checked at the vendor side: events the
 * connector writes must be visible there with our booking id, busy time and changes made there
 * must come back, and push notifications must really arrive at a receiver and verify.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarConnector, CalendarEvent, CalendarEventInput } from '../calendar.ts';
import { rejection } from './rejection.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

type MaybePromise<T> = T | Promise<T>;

export interface CalendarVendorEvent {
  summary: string | null;
  description: string | null;
  /** RFC 3339 instants as stored by the vendor (compared as instants, not strings). */
  start: string;
  end: string;
  timeZone: string | null;
  bookingId: string | null;
  status: 'confirmed' | 'tentative' | 'cancelled';
}

export interface CalendarVendorView {
  event(calendarId: string, eventId: string): MaybePromise<CalendarVendorEvent | undefined>;
  /** Someone at the clinic adds an event directly at the vendor. Resolves after push notifications are delivered. */
  addExternalEvent(calendarId: string, e: { start: string; end: string; summary?: string; transparent?: boolean }): Promise<{ eventId: string }>;
  /** Someone deletes an event directly at the vendor. */
  removeEvent(calendarId: string, eventId: string): Promise<void>;
  /** Every sync token issued so far for the calendar becomes invalid (Google then answers 410). */
  invalidateSyncTokens(calendarId: string): MaybePromise<void>;
  /** The active push channel with this id, as the vendor holds it. */
  channel(channelId: string): MaybePromise<{ calendarId: string; address: string; token: string | null; resourceId: string } | undefined>;
}

export interface CalendarConformanceContext {
  connector: CalendarConnector;
  /** A calendar the connector's account can read and write. Used by this suite only. */
  calendarId: string;
  /** A calendar id the account cannot see. */
  unknownCalendarId: string;
  vendor: CalendarVendorView;
  /** The same connector with a revoked/wrong credential, and that secret. */
  withBadCredentials?: () => { connector: CalendarConnector; secret: string };
  failNext?: (status: number, times?: number) => void;
  teardown(): Promise<void>;
}

export interface CalendarConformanceCapabilities {
  credentials: boolean;
  vendorFailures: boolean;
}


const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
const header = (h: Record<string, string | string[] | undefined>, name: string) => h[name.toLowerCase()];

// Each test books on its own day so busy time and sync results never overlap between tests.
let nextDay = 1;
const day = () => {
  const d = new Date(Date.UTC(2031, 0, 1) + nextDay++ * 86_400_000);
  return d.toISOString().slice(0, 10);
};
const at = (date: string, hhmm: string) => `${date}T${hhmm}:00Z`;

function booking(date: string, over: Partial<CalendarEventInput> = {}): CalendarEventInput {
  return {
    start: at(date, '14:00'),
    end: at(date, '14:30'),
    summary: 'Cleaning — Ana Pérez',
    description: 'Booked by the Voxanne voice agent. Confirmation K7Q2.',
    bookingId: `bk_${randomUUID().slice(0, 8)}`,
    timeZone: 'America/New_York',
    ...over,
  };
}

export function runCalendarConformance(
  name: string,
  capabilities: CalendarConformanceCapabilities,
  setup: () => Promise<CalendarConformanceContext>,
): void {
  describe(`CalendarConnector conformance: ${name}`, () => {
    let ctx: CalendarConformanceContext;
    let hook: WebhookReceiver;
    let cal: string;

    beforeAll(async () => {
      ctx = await setup();
      cal = ctx.calendarId;
      hook = await startWebhookReceiver();
    });
    afterAll(async () => {
      await hook?.close();
      await ctx?.teardown();
    });

    it('has a stable lowercase id', () => {
      expect(ctx.connector.id).toMatch(/^[a-z0-9-]+$/);
    });

    describe('events', () => {
      it('inserts an event the vendor can see, carrying our booking id', async () => {
        const input = booking(day());
        const ref = await ctx.connector.insertEvent(cal, input);
        expect(ref).toEqual({ eventId: expect.stringMatching(/\S/), etag: expect.stringMatching(/\S/) });
        const seen = await ctx.vendor.event(cal, ref.eventId);
        expect(seen).toMatchObject({
          summary: input.summary,
          description: input.description,
          timeZone: input.timeZone,
          bookingId: input.bookingId,
          status: 'confirmed',
        });
        expect(ms(seen?.start)).toBe(ms(input.start));
        expect(ms(seen?.end)).toBe(ms(input.end));
      });

      it('patches only what it is given, keeps the booking id, and changes the etag', async () => {
        const date = day();
        const input = booking(date);
        const ref = await ctx.connector.insertEvent(cal, input);
        const moved = await ctx.connector.patchEvent(cal, ref.eventId, { start: at(date, '16:00'), end: at(date, '16:45') });
        expect(moved.eventId).toBe(ref.eventId);
        expect(moved.etag).not.toBe(ref.etag);
        const seen = await ctx.vendor.event(cal, ref.eventId);
        expect(ms(seen?.start)).toBe(ms(at(date, '16:00')));
        expect(ms(seen?.end)).toBe(ms(at(date, '16:45')));
        expect(seen).toMatchObject({ summary: input.summary, description: input.description, bookingId: input.bookingId });

        await ctx.connector.patchEvent(cal, ref.eventId, { summary: 'Cleaning — Ana Pérez (confirmed)' });
        expect(await ctx.vendor.event(cal, ref.eventId)).toMatchObject({ summary: 'Cleaning — Ana Pérez (confirmed)', bookingId: input.bookingId });
      });

      it('refuses to patch an event the vendor does not have, not retryable', async () => {
        const err = await rejection(ctx.connector.patchEvent(cal, 'nosuchevent0001', { summary: 'x' }));
        expect(err).toMatchObject({ code: 'not_found', retryable: false });
      });

      it('deletes, and deleting again or deleting an unknown event succeeds', async () => {
        const ref = await ctx.connector.insertEvent(cal, booking(day()));
        await ctx.connector.deleteEvent(cal, ref.eventId);
        const seen = await ctx.vendor.event(cal, ref.eventId);
        expect(seen === undefined || seen.status === 'cancelled').toBe(true);
        await expect(ctx.connector.deleteEvent(cal, ref.eventId)).resolves.toBeUndefined();
        await expect(ctx.connector.deleteEvent(cal, 'nosuchevent0002')).resolves.toBeUndefined();
      });
    });

    describe('freeBusy', () => {
      it("returns the vendor's busy blocks, ignoring events marked free", async () => {
        const date = day();
        await ctx.vendor.addExternalEvent(cal, { start: at(date, '10:00'), end: at(date, '11:00'), summary: 'Staff meeting' });
        await ctx.vendor.addExternalEvent(cal, { start: at(date, '12:00'), end: at(date, '13:00'), summary: 'Lunch (free)', transparent: true });
        const res = await ctx.connector.freeBusy({ calendarIds: [cal], timeMin: at(date, '00:00'), timeMax: at(date, '23:59') });
        expect(res).toHaveLength(1);
        expect(res[0]!.calendarId).toBe(cal);
        expect(res[0]!.error).toBeUndefined();
        expect(res[0]!.busy.map((b) => [ms(b.start), ms(b.end)])).toEqual([[ms(at(date, '10:00')), ms(at(date, '11:00'))]]);
      });

      it('includes the events it inserted itself', async () => {
        const date = day();
        await ctx.connector.insertEvent(cal, booking(date, { start: at(date, '09:00'), end: at(date, '09:30') }));
        const [res] = await ctx.connector.freeBusy({ calendarIds: [cal], timeMin: at(date, '00:00'), timeMax: at(date, '23:59') });
        expect(res!.busy.map((b) => [ms(b.start), ms(b.end)])).toEqual([[ms(at(date, '09:00')), ms(at(date, '09:30'))]]);
      });

      it('reports a calendar it cannot read with an error instead of as free', async () => {
        const date = day();
        const res = await ctx.connector.freeBusy({
          calendarIds: [cal, ctx.unknownCalendarId],
          timeMin: at(date, '00:00'),
          timeMax: at(date, '23:59'),
        });
        expect(res.map((r) => r.calendarId)).toEqual([cal, ctx.unknownCalendarId]);
        expect(res[1]).toMatchObject({ busy: [], error: expect.stringMatching(/\S/) });
      });
    });

    describe('sync', () => {
      const byId = (events: CalendarEvent[]) => new Map(events.map((e) => [e.eventId, e]));

      it('does a full sync, then returns only changes since the token, including deletions', async () => {
        const date = day();
        const kept = await ctx.connector.insertEvent(cal, booking(date, { start: at(date, '08:00'), end: at(date, '08:30') }));
        const doomed = booking(date, { start: at(date, '09:00'), end: at(date, '09:30') });
        const gone = await ctx.connector.insertEvent(cal, doomed);

        const full = await ctx.connector.listChanges({ calendarId: cal });
        expect(full.nextSyncToken).toMatch(/\S/);
        const fullMap = byId(full.events);
        expect(fullMap.get(gone.eventId)).toMatchObject({ bookingId: doomed.bookingId, status: 'confirmed', allDay: false, transparency: 'opaque' });
        expect(ms(fullMap.get(gone.eventId)?.start)).toBe(ms(doomed.start));

        const added = booking(date, { start: at(date, '11:00'), end: at(date, '11:30') });
        const addedRef = await ctx.connector.insertEvent(cal, added);
        await ctx.connector.deleteEvent(cal, gone.eventId);
        const external = await ctx.vendor.addExternalEvent(cal, { start: at(date, '15:00'), end: at(date, '16:00'), summary: 'Dentist out' });

        const inc = await ctx.connector.listChanges({ calendarId: cal, syncToken: full.nextSyncToken });
        expect(inc.nextSyncToken).toMatch(/\S/);
        expect(inc.nextSyncToken).not.toBe(full.nextSyncToken);
        const incMap = byId(inc.events);
        expect(incMap.has(kept.eventId)).toBe(false);
        expect(incMap.get(addedRef.eventId)).toMatchObject({ bookingId: added.bookingId, status: 'confirmed' });
        expect(incMap.get(gone.eventId)).toMatchObject({ status: 'cancelled' });
        expect(incMap.get(external.eventId)).toMatchObject({ bookingId: null, summary: 'Dentist out', status: 'confirmed' });

        const quiet = await ctx.connector.listChanges({ calendarId: cal, syncToken: inc.nextSyncToken });
        expect(quiet.events).toEqual([]);

        // Deleted at the vendor by someone else: comes back as a cancelled event.
        await ctx.vendor.removeEvent(cal, external.eventId);
        const after = await ctx.connector.listChanges({ calendarId: cal, syncToken: quiet.nextSyncToken });
        expect(after.events.map((e) => [e.eventId, e.status])).toEqual([[external.eventId, 'cancelled']]);
      });

      it('reports an invalidated sync token as sync_token_expired, and a full resync works', async () => {
        const { nextSyncToken } = await ctx.connector.listChanges({ calendarId: cal });
        await ctx.vendor.invalidateSyncTokens(cal);
        const err = await rejection(ctx.connector.listChanges({ calendarId: cal, syncToken: nextSyncToken }));
        expect(err).toMatchObject({ code: 'sync_token_expired', retryable: false, connector: ctx.connector.id });
        const again = await ctx.connector.listChanges({ calendarId: cal });
        expect(again.nextSyncToken).toMatch(/\S/);
        expect(again.events.length).toBeGreaterThan(0);
      });
    });

    describe('push channels', () => {
      it('watches, verifies the handshake and change notifications by token, and stops', async () => {
        const channelId = randomUUID();
        const token = `tok_${randomUUID()}`;
        const address = `${hook.url}/calendar/push`;
        const before = Date.now();
        const w = await ctx.connector.watch({ calendarId: cal, address, channelId, token, ttlSeconds: 3600 });
        expect(w.resourceId).toMatch(/\S/);
        expect(ms(w.expiration)).toBeGreaterThan(before);
        expect(ms(w.expiration)).toBeLessThanOrEqual(before + 3600_000 + 60_000);
        expect(await ctx.vendor.channel(channelId)).toEqual({ calendarId: cal, address, token, resourceId: w.resourceId });

        const isMine = (state: string) => (r: { headers: Record<string, string | string[] | undefined> }) =>
          header(r.headers, 'x-goog-channel-id') === channelId && header(r.headers, 'x-goog-resource-state') === state;
        const sync = await hook.waitFor(isMine('sync'));
        const first = ctx.connector.verifyPush(sync.headers, token);
        expect(first).toEqual({ channelId, resourceId: w.resourceId, resourceState: 'sync', messageNumber: expect.any(Number) });

        const date = day();
        await ctx.vendor.addExternalEvent(cal, { start: at(date, '10:00'), end: at(date, '10:30') });
        const change = await hook.waitFor(isMine('exists'));
        const second = ctx.connector.verifyPush(change.headers, token);
        expect(second).toMatchObject({ channelId, resourceId: w.resourceId, resourceState: 'exists' });
        expect(second!.messageNumber).toBeGreaterThan(first!.messageNumber);

        expect(ctx.connector.verifyPush(change.headers, `${token}x`)).toBeNull();
        expect(ctx.connector.verifyPush(change.headers, '')).toBeNull();
        const withoutToken = Object.fromEntries(Object.entries(change.headers).filter(([k]) => k !== 'x-goog-channel-token'));
        expect(ctx.connector.verifyPush(withoutToken, token)).toBeNull();
        expect(ctx.connector.verifyPush({ ...change.headers, 'x-goog-resource-state': 'bogus' }, token)).toBeNull();
        expect(ctx.connector.verifyPush({}, token)).toBeNull();

        await ctx.connector.stopChannel({ channelId, resourceId: w.resourceId });
        expect(await ctx.vendor.channel(channelId)).toBeUndefined();
        await expect(ctx.connector.stopChannel({ channelId, resourceId: w.resourceId })).resolves.toBeUndefined();
      });
    });

    it('reports a working connection', async () => {
      expect(await ctx.connector.testConnection()).toMatchObject({ ok: true });
    });

    if (capabilities.vendorFailures) {
      it('marks vendor 5xx as retryable and 4xx as not', async () => {
        const date = day();
        ctx.failNext!(503);
        expect(await rejection(ctx.connector.insertEvent(cal, booking(date)))).toMatchObject({
          code: 'vendor_unavailable',
          retryable: true,
          status: 503,
          connector: ctx.connector.id,
        });
        ctx.failNext!(500);
        expect(await rejection(ctx.connector.listChanges({ calendarId: cal }))).toMatchObject({ retryable: true });
        ctx.failNext!(400);
        expect(await rejection(ctx.connector.insertEvent(cal, booking(date)))).toMatchObject({ code: 'invalid_request', retryable: false, status: 400 });
      });

      it('reports an outage from testConnection without throwing', async () => {
        ctx.failNext!(503);
        expect((await ctx.connector.testConnection()).ok).toBe(false);
      });
    }

    if (capabilities.credentials) {
      it('reports bad credentials as unauthorized, and testConnection fails without echoing the secret', async () => {
        const { connector, secret } = ctx.withBadCredentials!();
        const err = await rejection(connector.insertEvent(cal, booking(day())));
        expect(err).toMatchObject({ code: 'unauthorized', retryable: false });
        const check = await connector.testConnection();
        expect(check.ok).toBe(false);
        expect(check.detail).not.toContain(secret);
      });
    }
  });
}
