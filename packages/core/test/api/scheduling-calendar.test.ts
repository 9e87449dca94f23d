import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogle, type FakeGoogle } from '@voxanne/connector-google-calendar/testing';
import { call, PASSWORD, sessionFrom, type Credentials, type TestServer } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { calendarTokenAad } from '../../src/connectors/calendar.ts';
import { ensureChannel } from '../../src/modules/calendar-sync/service.ts';
import { createClinic, eventually, futureSlot, patient, startSchedulingServer, type Clinic } from './scheduling-support.ts';

let server: TestServer;
let google: FakeGoogle;
let clinic: Clinic;
let calendarId: string;

beforeAll(async () => {
  google = await startFakeGoogle();
  calendarId = google.email;
  server = await startSchedulingServer({
    env: {
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_AUTH_BASE_URL: `${google.url}/o/oauth2/v2/auth`,
      GOOGLE_TOKEN_URL: `${google.url}/token`,
      GOOGLE_API_ROOT_URL: `${google.url}/`,
      GOOGLE_CALENDAR_PUSH: 'true',
      // One attempt per job run, quick job retries: an outage shows up as 'failed' and then recovers.
      CONNECTOR_MAX_ATTEMPTS: '1',
      CONNECTOR_BREAKER_FAILURES: '100',
      SYNC_JOB_ATTEMPTS: '10',
      SYNC_JOB_BACKOFF_MS: '400',
    },
  });
  clinic = await createClinic(server.url, { calendarId });
});
afterAll(async () => {
  await server?.close();
  await google?.close();
});

const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, { body, creds: clinic.creds });
const booking = (id: string) => api('GET', `/v1/bookings/${id}`).then((r) => r.body);
const connectionCount = async () => (await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('calendar_connections').select('id'))).length;
const busyBlocks = () => inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('calendar_busy_blocks').select('*'));

/** The admin's browser: starts the flow with its session, and Google sends that same browser back. */
async function startConnect(session: Credentials = clinic.tenant.session) {
  const start = await call(server.url, 'POST', '/v1/calendar/google/connect', { creds: session });
  expect(start.status).toBe(200);
  const url = new URL(start.body.authorize_url);
  expect(url.origin).toBe(google.url);
  expect(url.searchParams.get('access_type')).toBe('offline');
  return { redirectUri: url.searchParams.get('redirect_uri')!, state: url.searchParams.get('state')! };
}

/** Play the consent screen: Google hands the browser back with a code and our state. */
async function callback(flow: { redirectUri: string; state: string }, cookie: string | undefined) {
  const code = google.issueCode(flow.redirectUri);
  return fetch(`${flow.redirectUri}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(flow.state)}`, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
}

async function connect(): Promise<void> {
  const cb = await callback(await startConnect(), clinic.tenant.session.cookie);
  expect(cb.status).toBe(302);
  expect(cb.headers.get('location')).toContain('connected=google');
}

const problemOf = async (res: Response) => ({ ...((await res.json()) as { code: string; detail: string }), status: res.status, contentType: res.headers.get('content-type') ?? '' });

describe('connecting Google Calendar', () => {
  it('refuses a forged state', async () => {
    const res = await fetch(`${server.url}/v1/calendar/google/callback?code=x&state=forged`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('invalid_oauth_state');
  });

  it('starts only from a dashboard session: the consent has to come back to the browser that asked', async () => {
    const res = await api('POST', '/v1/calendar/google/connect');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('session_required');
  });

  it('accepts a state once, only in the session that started the flow, and only for ten minutes', async () => {
    const flow = await startConnect();
    // Another browser (no session, or another session of the same admin) cannot finish it, and does not use it up.
    const stranger = await callback(flow, undefined);
    expect(await problemOf(stranger)).toMatchObject({ status: 403, code: 'oauth_session_mismatch' });
    const login = await call(server.url, 'POST', '/v1/auth/login', { body: { email: clinic.tenant.email, password: PASSWORD } });
    expect(login.status).toBe(200);
    const otherSession = await callback(flow, sessionFrom(login).cookie);
    expect(await problemOf(otherSession)).toMatchObject({ status: 403, code: 'oauth_session_mismatch' });
    expect(await connectionCount()).toBe(0);

    const own = await callback(flow, clinic.tenant.session.cookie);
    expect(own.status).toBe(302);
    expect(own.headers.get('location')).toContain('connected=google');
    // Replayed (a captured redirect, the back button): refused, and nothing is exchanged again.
    const tokenCalls = google.http.find('POST', '/token').length;
    const replay = await callback(flow, clinic.tenant.session.cookie);
    const replayed = await problemOf(replay);
    expect(replayed).toMatchObject({ status: 400, code: 'oauth_state_used' });
    expect(replayed.contentType).toContain('application/problem+json');
    expect(google.http.find('POST', '/token').length).toBe(tokenCalls);

    const late = await startConnect();
    const owner = await server.platform.db.owner();
    await owner.raw(`update oauth_states set expires_at = now() - interval '1 second' where org_id = ? and consumed_at is null`, [clinic.tenant.orgId]);
    expect(await problemOf(await callback(late, clinic.tenant.session.cookie))).toMatchObject({ status: 400, code: 'oauth_state_expired' });

    // The state Google sees is a random value: no org id, and only its hash is kept.
    const { rows } = await owner.raw('select state_hash from oauth_states where org_id = ?', [clinic.tenant.orgId]);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows as { state_hash: string }[]) expect([flow.state, late.state]).not.toContain(r.state_hash);
    expect(flow.state).not.toContain(clinic.tenant.orgId);
    expect((await api('DELETE', '/v1/calendar/google')).status).toBe(204);
  });

  it('stores the refresh token encrypted and starts mirroring busy time', async () => {
    const external = await google.addEvent(calendarId, { start: futureSlot(3, 14), end: futureSlot(3, 16), summary: 'Staff meeting' });
    await connect();
    const status = await api('GET', '/v1/calendar/google');
    expect(status.body).toMatchObject({ provider: 'google', status: 'connected', account_email: google.email });

    const [row] = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('calendar_connections').select('refresh_token_enc'));
    const token = server.platform.keyring.decrypt(row.refresh_token_enc, calendarTokenAad(clinic.tenant.orgId));
    expect(token.length).toBeGreaterThan(10);
    expect(row.refresh_token_enc).not.toContain(token);
    expect(() => server.platform.keyring.decrypt(row.refresh_token_enc, calendarTokenAad('org_01J00000000000000000000000'))).toThrow();

    await eventually(async () => (await busyBlocks()).find((b: { event_id: string }) => b.event_id === external.id), 20_000, 'the busy block');
    const day = futureSlot(3).slice(0, 10);
    const avail = await api('GET', `/v1/availability?service=${clinic.serviceId}&from=${day}T00:00:00Z&to=${day}T23:59:00Z`);
    const starts = avail.body.slots.map((s: { starts_at: string }) => Date.parse(s.starts_at));
    expect(starts).not.toContain(Date.parse(futureSlot(3, 14)));
    expect(starts).not.toContain(Date.parse(futureSlot(3, 15)));
    expect(starts).toContain(Date.parse(futureSlot(3, 16)));
    expect(avail.body.external_busy.source).toBe('google');
    expect(avail.body.external_busy.calendars).toBe(1);
    expect(avail.body.external_busy.fetched_at).not.toBeNull();
    expect(avail.body.external_busy.age_seconds).toBeGreaterThanOrEqual(0);
  });
});

describe('bookings mirrored as events', () => {
  it('inserts, patches and deletes the event carrying our booking id', async () => {
    const created = await api('POST', '/v1/bookings', { service_id: clinic.serviceId, starts_at: futureSlot(4), patient });
    expect(created.status).toBe(201);
    expect(created.body.calendar_sync_status).toBe('pending');
    const synced = await eventually(async () => ((await booking(created.body.id)).calendar_sync_status === 'synced' ? booking(created.body.id) : undefined), 20_000, 'the event insert');
    expect(synced.calendar_sync_error).toBeNull();
    const eventId = (await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('bookings').where({ id: created.body.id }).first('calendar_event_id'))).calendar_event_id;
    const ev = google.event(calendarId, eventId)!;
    expect(ev.extendedProperties?.private?.voxanneBookingId).toBe(created.body.id);
    expect(Date.parse(ev.start!.dateTime!)).toBe(Date.parse(futureSlot(4)));
    // Our own event never counts as external busy time.
    await eventually(async () => !(await busyBlocks()).some((b: { event_id: string }) => b.event_id === eventId), 10_000, 'no block for our event');

    const target = futureSlot(5);
    await api('POST', `/v1/bookings/${created.body.id}/reschedule`, { starts_at: target });
    await eventually(async () => Date.parse(google.event(calendarId, eventId)?.start?.dateTime ?? '') === Date.parse(target), 20_000, 'the event patch');
    await eventually(async () => (await booking(created.body.id)).calendar_sync_status === 'synced', 20_000, 'synced after the move');

    await api('POST', `/v1/bookings/${created.body.id}/cancel`);
    await eventually(async () => google.event(calendarId, eventId)?.status === 'cancelled', 20_000, 'the event delete');
  });

  it('confirms the booking during a Google outage, shows the sync failing, then retries to success', async () => {
    google.failNext(503, 4);
    const created = await api('POST', '/v1/bookings', { service_id: clinic.serviceId, starts_at: futureSlot(6), patient });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('confirmed');
    const failed = await eventually(async () => {
      const b = await booking(created.body.id);
      return b.calendar_sync_status === 'failed' ? b : undefined;
    }, 20_000, 'the failed sync');
    expect(failed.calendar_sync_error).toBeTruthy();
    expect(failed.status).toBe('confirmed');
    await eventually(async () => (await booking(created.body.id)).calendar_sync_status === 'synced', 45_000, 'the retried sync');
  });
});

describe('recurring events', () => {
  const WEEK = 7 * 86_400_000;
  const startsOn = async (iso: string) => {
    const day = iso.slice(0, 10);
    const avail = await api('GET', `/v1/availability?service=${clinic.serviceId}&from=${day}T00:00:00Z&to=${day}T23:59:00Z`);
    expect(avail.status).toBe(200);
    return avail.body.slots.map((s: { starts_at: string }) => Date.parse(s.starts_at)) as number[];
  };

  it('block every week of a series (not just the first), and a cancelled occurrence frees its slot', async () => {
    const first = futureSlot(8, 14);
    const series = await google.addEvent(calendarId, { start: first, end: futureSlot(8, 15), summary: 'Weekly staff meeting', timeZone: 'UTC', recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'] });
    const weeks = [0, 1, 2].map((k) => new Date(Date.parse(first) + k * WEEK).toISOString());
    // Google's instance ids: the series id and the occurrence's original start in UTC basic format.
    const ids = weeks.map((w) => `${series.id}_${w.replace(/[-:]/g, '').replace('.000', '')}`);
    await eventually(async () => {
      const blocks = await busyBlocks();
      return ids.every((id) => blocks.some((b: { event_id: string }) => b.event_id === id));
    }, 20_000, 'a busy block for each week');
    for (const w of weeks) expect(await startsOn(w), w).not.toContain(Date.parse(w));

    await google.cancelOccurrence(calendarId, series.id!, weeks[1]!);
    await eventually(async () => !(await busyBlocks()).some((b: { event_id: string }) => b.event_id === ids[1]), 20_000, 'the cancelled week freed');
    expect(await startsOn(weeks[1]!)).toContain(Date.parse(weeks[1]!));
    expect(await startsOn(weeks[2]!)).not.toContain(Date.parse(weeks[2]!));

    await google.removeEvent(calendarId, series.id!);
    await eventually(async () => !(await busyBlocks()).some((b: { event_id: string }) => b.event_id.startsWith(`${series.id}_`)), 20_000, 'the deleted series freed');
  });
});

describe('incremental sync and push channels', () => {
  it('runs a full resync when Google invalidates the sync token (410)', async () => {
    const before = (await api('GET', '/v1/calendar/google')).body.calendars.find((c: { calendar_id: string }) => c.calendar_id === calendarId);
    expect(before.channel_expires_at).not.toBeNull();
    google.invalidateSyncTokens(calendarId);
    // A change in Google pushes a notification to our channel, which pulls with the now-invalid token.
    const added = await google.addEvent(calendarId, { start: futureSlot(7, 14), end: futureSlot(7, 15), summary: 'Dentist out' });
    await eventually(async () => (await busyBlocks()).find((b: { event_id: string }) => b.event_id === added.id), 20_000, 'the resynced block');
    const after = (await api('GET', '/v1/calendar/google')).body.calendars.find((c: { calendar_id: string }) => c.calendar_id === calendarId);
    expect(Date.parse(after.last_full_sync_at)).toBeGreaterThan(Date.parse(before.last_full_sync_at));

    await google.removeEvent(calendarId, added.id!);
    await eventually(async () => !(await busyBlocks()).some((b: { event_id: string }) => b.event_id === added.id), 20_000, 'the removed block');
  });

  it('refuses a push with a wrong channel token', async () => {
    const [sync] = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('calendar_syncs').select('channel_id', 'channel_resource_id'));
    const res = await fetch(`${server.url}/v1/calendar/google/webhook`, {
      method: 'POST',
      headers: {
        'x-goog-channel-id': sync.channel_id,
        'x-goog-channel-token': 'guessed',
        'x-goog-resource-id': sync.channel_resource_id,
        'x-goog-resource-state': 'exists',
        'x-goog-message-number': '99',
      },
    });
    expect(res.status).toBe(401);
  });

  it('renews a channel before it expires and stops the old one', async () => {
    const old = (await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('calendar_syncs').first('channel_id'))).channel_id;
    const added: { jobId?: string; delayMs?: number }[] = [];
    const q = server.platform.queue as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const add = q.add!.bind(q);
    q.add = (name, data, opts) => {
      if (name === 'calendar.renew_channel') added.push(opts as { jobId?: string; delayMs?: number });
      return add(name, data, opts);
    };
    await ensureChannel(server.platform, clinic.tenant.orgId, calendarId);
    q.add = add;
    const now = await inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('calendar_syncs').first('channel_id', 'channel_expires_at'));
    expect(now.channel_id).not.toBe(old);
    expect(google.channels.has(old)).toBe(false);
    expect(added).toHaveLength(1);
    // Due an hour before the new channel's expiry.
    expect(Math.abs(Date.now() + added[0]!.delayMs! - (now.channel_expires_at.getTime() - 3_600_000))).toBeLessThan(60_000);
  });

  it('disconnects', async () => {
    expect((await api('DELETE', '/v1/calendar/google')).status).toBe(204);
    expect((await api('GET', '/v1/calendar/google')).status).toBe(404);
    expect(await busyBlocks()).toEqual([]);
  });
});
