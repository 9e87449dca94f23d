import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { createTenant, startTestServer, type TestServer } from '@voxanne/core/testing';
import { startFakeGoogle, type FakeGoogle } from '@voxanne/connector-google-calendar/testing';
import { ConflictError, NotFoundError, PermissionError, VoxanneError, Voxanne, type Booking, type Slot } from '../src/index.ts';
import { until } from './support/until.ts';

const NY = 'America/New_York';
const ALL_DAY = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, start: '00:00', end: '24:00' }));
const patient = { name: 'Ada Patient', phone: '+15551230001' };

let server: TestServer;
let google: FakeGoogle;
let vox: Voxanne;
let dashboard: { cookie: string; csrf: string };
let locationId: string;
let resourceId: string;
let serviceId: string;

/** A free port, so PUBLIC_URL names the real address Google sends the browser back to. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A whole hour `days` ahead, as UTC ISO. */
function futureSlot(days: number, hourUtc = 15): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
}

beforeAll(async () => {
  google = await startFakeGoogle();
  const port = await freePort();
  server = await startTestServer({
    env: {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_AUTH_BASE_URL: `${google.url}/o/oauth2/v2/auth`,
      GOOGLE_TOKEN_URL: `${google.url}/token`,
      GOOGLE_API_ROOT_URL: `${google.url}/`,
    },
  });
  const tenant = await createTenant(server.url, 'Scheduling Clinic');
  vox = new Voxanne({ baseUrl: server.url, apiKey: tenant.adminKey });
  dashboard = { cookie: tenant.session.cookie!, csrf: tenant.session.csrf! };
});
afterAll(async () => {
  await server?.close();
  await google?.close();
});

describe('locations, resources and services', () => {
  it('creates, lists, retrieves, updates and deletes', async () => {
    const location = await vox.locations.create({ name: 'Downtown', timezone: NY, closures: [{ start_date: '2030-12-25', end_date: '2030-12-26', reason: 'Holidays' }] });
    expect(location).toMatchObject({ object: 'location', timezone: NY, closures: [{ start_date: '2030-12-25', end_date: '2030-12-26' }] });
    locationId = location.id;

    const resource = await vox.resources.create({ location_id: locationId, kind: 'practitioner', name: 'Dr. Who', weekly_hours: ALL_DAY });
    expect(resource).toMatchObject({ object: 'resource', kind: 'practitioner', location_id: locationId });
    expect(resource.weekly_hours).toHaveLength(7);
    resourceId = resource.id;
    const closed = await vox.resources.update(resourceId, { exceptions: [{ start_date: '2030-01-01', end_date: '2030-01-02', hours: [], reason: 'Leave' }] });
    expect(closed.exceptions).toEqual([expect.objectContaining({ start_date: '2030-01-01', hours: [] })]);

    const service = await vox.services.create({
      location_id: locationId,
      name: 'Cleaning',
      duration_minutes: 30,
      buffer_after_minutes: 0,
      slot_interval_minutes: 30,
      price_minor: 12000,
      currency: 'USD',
      resource_ids: [resourceId],
    });
    expect(service).toMatchObject({ object: 'service', duration_minutes: 30, price_minor: 12000, currency: 'USD', resource_ids: [resourceId] });
    serviceId = service.id;
    expect(await vox.services.update(serviceId, { description: 'Scale and polish' })).toMatchObject({ description: 'Scale and polish' });

    expect((await vox.locations.list().firstPage()).data.map((l) => l.id)).toContain(locationId);
    expect((await vox.resources.list({ location_id: locationId }).firstPage()).data.map((r) => r.id)).toEqual([resourceId]);
    const services: string[] = [];
    for await (const s of vox.services.list({ location_id: locationId, limit: 1 })) services.push(s.id);
    expect(services).toEqual([serviceId]);
    expect(await vox.locations.retrieve(locationId)).toMatchObject({ name: 'Downtown' });
    expect(await vox.locations.update(locationId, { name: 'Downtown Clinic' })).toMatchObject({ name: 'Downtown Clinic' });
    expect(await vox.resources.retrieve(resourceId)).toMatchObject({ name: 'Dr. Who' });
    expect(await vox.services.retrieve(serviceId)).toMatchObject({ name: 'Cleaning' });

    // A location in use cannot go; an empty one can.
    const inUse = await vox.locations.delete(locationId).catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(ConflictError);
    expect((inUse as ConflictError).code).toBe('location_in_use');
    const spare = await vox.locations.create({ name: 'Spare', timezone: 'Europe/Berlin' });
    const room = await vox.resources.create({ location_id: spare.id, kind: 'room', name: 'Room 1' });
    const extra = await vox.services.create({ location_id: spare.id, name: 'X-ray', duration_minutes: 15, resource_ids: [room.id] });
    await vox.services.delete(extra.id);
    await vox.resources.delete(room.id);
    await vox.locations.delete(spare.id);
    expect(await vox.locations.retrieve(spare.id).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
  });

  it('refuses a timezone that is not IANA with its code', async () => {
    const err = await vox.locations.create({ name: 'Nowhere', timezone: 'Mars/Olympus' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VoxanneError);
    expect((err as VoxanneError).code).toBe('invalid_timezone');
  });
});

describe('availability, holds and bookings', () => {
  it('lists slots in the location timezone', async () => {
    const day = futureSlot(3).slice(0, 10);
    const avail = await vox.availability.list({ service: serviceId, from: day, to: day });
    expect(avail).toMatchObject({ object: 'availability', service_id: serviceId, location_id: locationId, timezone: NY, external_busy: { source: 'none' } });
    expect(avail.slots.length).toBeGreaterThan(0);
    expect(avail.slots[0]!.starts_at).toMatch(/-0[45]:00$/);
    expect(avail.slots.every((s) => s.resource_id === resourceId)).toBe(true);
  });

  it('holds a slot, converts the hold and releases another', async () => {
    const hold = await vox.holds.create({ service_id: serviceId, starts_at: futureSlot(3, 14), patient });
    expect(hold).toMatchObject({ object: 'hold', status: 'held', resource_id: resourceId });
    expect(await vox.holds.retrieve(hold.id)).toMatchObject({ id: hold.id, status: 'held' });
    const booking = await vox.bookings.create({ hold_id: hold.id, patient });
    expect(booking).toMatchObject({ status: 'confirmed', hold_id: hold.id });
    expect(await vox.holds.retrieve(hold.id)).toMatchObject({ status: 'converted', booking_id: booking.id });

    const other = await vox.holds.create({ service_id: serviceId, starts_at: futureSlot(3, 16) });
    expect(await vox.holds.release(other.id)).toMatchObject({ status: 'released' });
  });

  it('books with a confirmation code; a taken slot is a ConflictError with alternatives in the problem', async () => {
    const slot = futureSlot(4);
    const booking = await vox.bookings.create({ service_id: serviceId, starts_at: slot, patient, notes: 'first visit', source: 'portal' });
    expect(booking.confirmation_code).toMatch(/^[A-Z0-9]{6}$/);
    expect(booking).toMatchObject({ status: 'confirmed', timezone: NY, calendar_sync_status: 'not_applicable', source: 'portal' });

    const err = await vox.bookings.create({ service_id: serviceId, starts_at: slot, patient }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    const conflict = err as ConflictError;
    expect(conflict.status).toBe(409);
    expect(conflict.code).toBe('slot_taken');
    // Extension members of the problem (RFC 9457) travel in `problem`, untyped.
    const alternatives = (conflict.problem as { alternatives?: Slot[] } | undefined)?.alternatives ?? [];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.map((a) => Date.parse(a.starts_at))).not.toContain(Date.parse(slot));

    // One of the offered alternatives books.
    const taken = await vox.bookings.create({ service_id: serviceId, resource_id: alternatives[0]!.resource_id, starts_at: alternatives[0]!.starts_at, patient });
    expect(Date.parse(taken.starts_at)).toBe(Date.parse(alternatives[0]!.starts_at));
  });

  it('lists with filters, reschedules and cancels', async () => {
    const booking = await vox.bookings.create({ service_id: serviceId, starts_at: futureSlot(5), patient: { name: 'Bo', phone: '+15551230002' } });
    const mine: Booking[] = [];
    for await (const b of vox.bookings.list({ patient_phone: '+15551230002', limit: 10 })) mine.push(b);
    expect(mine.map((b) => b.id)).toEqual([booking.id]);

    const target = futureSlot(5, 17);
    const moved = await vox.bookings.reschedule(booking.id, { starts_at: target });
    expect(Date.parse(moved.starts_at)).toBe(Date.parse(target));
    expect(moved.reschedule_count).toBe(1);
    expect(await vox.bookings.retrieve(booking.id)).toMatchObject({ reschedule_count: 1 });

    const cancelled = await vox.bookings.cancel(booking.id, { reason: 'Patient called' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'Patient called' });
    expect(await vox.bookings.cancel(booking.id)).toMatchObject({ status: 'cancelled' }); // harmless twice
    const again = await vox.bookings.reschedule(booking.id, { starts_at: futureSlot(6) }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as ConflictError).code).toBe('booking_cancelled');

    const cancelledList = await vox.bookings.list({ status: 'cancelled', location_id: locationId }).firstPage();
    expect(cancelledList.data.map((b) => b.id)).toContain(booking.id);
  });
});

describe('sms', () => {
  it('logs the confirmation in the local outbox, sends, and records STOP from a simulated reply', async () => {
    const phone = '+15557770042';
    const booking = await vox.bookings.create({ service_id: serviceId, starts_at: futureSlot(7), patient: { name: 'Lo', phone } });
    const log = await until(
      () => vox.sms.messages.list({ booking_id: booking.id }).firstPage(),
      (page) => page.data.some((m) => m.purpose === 'confirmation'),
      'the confirmation SMS',
    );
    const confirmation = log.data.find((m) => m.purpose === 'confirmation')!;
    expect(confirmation).toMatchObject({ direction: 'outbound', to: phone });
    expect(confirmation.body).toContain(booking.confirmation_code);

    const manual = await vox.sms.messages.send({ to: phone, body: 'See you soon' });
    expect(manual).toMatchObject({ object: 'sms_message', direction: 'outbound', purpose: 'manual' });

    const sim = await vox.sms.simulateInbound({ from: phone, body: 'STOP' });
    expect(sim).toMatchObject({ object: 'sms_simulation', webhook_status: 200 });
    const ledger = await until(() => vox.sms.optOuts.list({ phone }).firstPage(), (page) => page.data.some((e) => e.action === 'stop'), 'the STOP entry');
    expect(ledger.data.find((e) => e.action === 'stop')).toMatchObject({ object: 'sms_opt_out', phone, source: 'inbound_keyword' });

    const refused = await vox.sms.messages.send({ to: phone, body: 'Are you there?' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(VoxanneError);
    expect((refused as VoxanneError).code).toBe('recipient_opted_out');
  });
});

describe('google calendar', () => {
  it('an API key cannot start the consent: only the browser session Google sends back may finish it', async () => {
    const err = await vox.calendar.google.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionError);
    expect((err as PermissionError).code).toBe('session_required');
  });

  it('is not connected, connects through OAuth from a session, syncs and disconnects', async () => {
    expect(await vox.calendar.google.retrieve().catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);

    // Server-side session use: the dashboard's cookie and CSRF token, as a browser would send them.
    const session = new Voxanne({ baseUrl: server.url, headers: { cookie: dashboard.cookie }, csrfToken: dashboard.csrf });
    const start = await session.calendar.google.connect();
    expect(start.object).toBe('calendar_connect');
    const url = new URL(start.authorize_url);
    expect(url.origin).toBe(google.url);
    // Play the consent screen: Google sends the browser back with a code and our state.
    const redirectUri = url.searchParams.get('redirect_uri')!;
    const cb = await fetch(`${redirectUri}?code=${encodeURIComponent(google.issueCode(redirectUri))}&state=${encodeURIComponent(url.searchParams.get('state')!)}`, {
      redirect: 'manual',
      headers: { cookie: dashboard.cookie },
    });
    expect(cb.status).toBe(302);
    expect(cb.headers.get('location')).toContain('/settings/calendar?connected=google');

    expect(await vox.calendar.google.retrieve()).toMatchObject({ object: 'calendar_connection', provider: 'google', status: 'connected', account_email: google.email });
    const sync = await vox.calendar.google.sync();
    expect(sync).toMatchObject({ object: 'calendar_sync' });
    expect(typeof sync.calendars).toBe('number');

    await vox.calendar.google.disconnect();
    expect(await vox.calendar.google.retrieve().catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
  });
});
