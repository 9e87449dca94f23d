/**
 * Shared by the outbound suites: an org with a published outbound agent and a number on the simulator
 * (the embedded default: no Vapi integration), unique patient numbers, and reads straight from the
 * database as the app role (row-level security applies, as in the server).
 */
import { randomInt } from 'node:crypto';
import { call, createTenant, type TestServer, type Tenant } from '../support/index.ts';
import { inScope, type Tx } from '../../src/platform/db/tenancy.ts';
import { agentBody, publishAndWait, until } from './voice.helpers.ts';

export { until };

/** The suites poll the API while jobs run; the default per-key limit would throttle the polling. */
export const NO_RATE_LIMITS = { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_KEY: '100000' };

export interface OutboundOrg {
  tenant: Tenant;
  key: { apiKey: string };
  agentId: string;
  phoneNumberId: string;
}

/** A number no other test uses, ending in `suffix` (the simulated callee picks its behaviour by it). */
export function patientNumber(suffix = ''): string {
  const line = String(randomInt(0, 10 ** 7)).padStart(7, '0');
  return `+1${randomInt(200, 1000)}${line.slice(0, 7 - suffix.length)}${suffix}`;
}

export async function outboundOrg(server: TestServer, name = 'Recall Clinic'): Promise<OutboundOrg> {
  const tenant = await createTenant(server.url, name);
  const key = { apiKey: tenant.adminKey };
  const agent = await call(server.url, 'POST', '/v1/agents', {
    body: agentBody({ kind: 'outbound', name: 'Recall caller', system_prompt: 'You call patients who are due for a cleaning.', first_message: 'Hi, this is Bright Smile Dental.' }),
    creds: key,
  });
  if (agent.status !== 201) throw new Error(`agent: ${agent.status} ${JSON.stringify(agent.body)}`);
  await publishAndWait(server.url, tenant.adminKey, agent.body.id);
  const number = await call(server.url, 'POST', '/v1/phone-numbers', { body: { source: 'twilio', number: patientNumber(), agent_id: agent.body.id }, creds: key });
  if (number.status !== 201) throw new Error(`number: ${number.status} ${JSON.stringify(number.body)}`);
  return { tenant, key, agentId: agent.body.id, phoneNumberId: number.body.id };
}

export function db<T>(server: TestServer, orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inScope(server.platform.knex, { orgId }, fn);
}

export async function count(server: TestServer, orgId: string, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [row] = await db(server, orgId, (tx) => tx(table).where(where).count<{ n: number | string }[]>('* as n'));
  return Number(row?.n ?? 0);
}

export async function getCall(server: TestServer, org: OutboundOrg, id: string) {
  return (await call(server.url, 'GET', `/v1/calls/${id}`, { creds: org.key })).body;
}

const TERMINAL = ['ended', 'failed', 'cancelled'];

export function untilCallSettles(server: TestServer, org: OutboundOrg, id: string) {
  return until(() => getCall(server, org, id), (c) => TERMINAL.includes(c.status), `call ${id} to finish`);
}

/** "HH:MM" of an instant in UTC, for quiet-hour windows placed relative to now. */
export const utcHhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** "HH:MM" of an instant on the wall clock of `tz`. */
export const hhmmIn = (ms: number, tz: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));

/** The zone of the suites' agents (agentBody), which a contact without a zone of its own is called in. */
export const AGENT_ZONE = 'America/New_York';

/**
 * Single calls respect the org's quiet hours: this moves them to one minute twelve hours from now on the
 * agents' wall clock, so calls placed by a suite go out now whenever CI runs.
 */
export async function quietHoursAway(server: TestServer, o: OutboundOrg): Promise<void> {
  const at = Date.now() + 12 * 3_600_000;
  const res = await call(server.url, 'PATCH', '/v1/call-settings', { body: { quiet_hours: { start: hhmmIn(at, AGENT_ZONE), end: hhmmIn(at + 60_000, AGENT_ZONE) } }, creds: o.key });
  if (res.status !== 200) throw new Error(`call settings: ${res.status} ${JSON.stringify(res.body)}`);
}
