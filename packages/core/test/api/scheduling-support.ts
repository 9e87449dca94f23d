/** Fixtures for the scheduling suites: a clinic with a location, a practitioner and a service. */
import { createServer } from 'node:net';
import { baseOf, call, createTenant, startTestServer, type SignupTarget, type TestServer, type TestServerOptions, type Tenant } from '../support/index.ts';

export const NY = 'America/New_York';
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const ALL_DAY = DAYS.map((day) => ({ day, start: '00:00', end: '24:00' }));
export const NINE_TO_FIVE = DAYS.map((day) => ({ day, start: '09:00', end: '17:00' }));

/** A free port, so PUBLIC_URL can name the real address (vendors call back and sign that URL). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startSchedulingServer(options: TestServerOptions = {}): Promise<TestServer> {
  const port = await freePort();
  return startTestServer({ ...options, env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...options.env } });
}

export interface Clinic {
  tenant: Tenant;
  creds: { apiKey: string };
  locationId: string;
  resourceId: string;
  serviceId: string;
}

export async function createClinic(
  target: SignupTarget,
  opts: { timezone?: string; hours?: { day: string; start: string; end: string }[]; duration?: number; bufferAfter?: number; interval?: number; calendarId?: string; resources?: number } = {},
): Promise<Clinic & { resourceIds: string[] }> {
  const base = baseOf(target);
  const tenant = await createTenant(target, 'Bright Smile');
  const creds = { apiKey: tenant.adminKey };
  const loc = await call(base, 'POST', '/v1/locations', { body: { name: 'Bright Smile Downtown', timezone: opts.timezone ?? NY, sms_number: '+15005550006' }, creds });
  if (loc.status !== 201) throw new Error(`location: ${loc.status} ${JSON.stringify(loc.body)}`);
  const resourceIds: string[] = [];
  for (let i = 0; i < (opts.resources ?? 1); i++) {
    const res = await call(base, 'POST', '/v1/resources', {
      body: { location_id: loc.body.id, kind: 'practitioner', name: `Dr. ${i + 1}`, weekly_hours: opts.hours ?? ALL_DAY, ...(opts.calendarId ? { calendar_id: opts.calendarId } : {}) },
      creds,
    });
    if (res.status !== 201) throw new Error(`resource: ${res.status} ${JSON.stringify(res.body)}`);
    resourceIds.push(res.body.id);
  }
  const svc = await call(base, 'POST', '/v1/services', {
    body: {
      location_id: loc.body.id,
      name: 'Cleaning',
      duration_minutes: opts.duration ?? 30,
      buffer_after_minutes: opts.bufferAfter ?? 0,
      slot_interval_minutes: opts.interval ?? 30,
      price_minor: 12000,
      currency: 'USD',
      resource_ids: resourceIds,
    },
    creds,
  });
  if (svc.status !== 201) throw new Error(`service: ${svc.status} ${JSON.stringify(svc.body)}`);
  return { tenant, creds, locationId: loc.body.id, resourceId: resourceIds[0]!, resourceIds, serviceId: svc.body.id };
}

/** A slot start `days` ahead at a whole hour, New York time, as UTC ISO. */
export function futureSlot(days: number, hourUtc = 15): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
}

/** Polls until `check` returns a truthy value; deadlines are generous because CI machines vary. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export const patient = { name: 'Ada Patient', phone: '+15551230001' };

/**
 * An IANA zone where it is now about `hour` o'clock, so quiet hours (21:00-08:00) are decided by the
 * test, not by when CI happens to run. Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.
 */
export function zoneAtLocalHour(hour: number): string {
  let offset = hour - new Date().getUTCHours();
  if (offset > 12) offset -= 24;
  if (offset < -11) offset += 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
