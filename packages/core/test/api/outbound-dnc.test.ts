import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, type Tenant, type TestServer } from '../support/index.ts';
import { NO_RATE_LIMITS, patientNumber } from './outbound-support.ts';

let server: TestServer;
let tenant: Tenant;

beforeAll(async () => {
  server = await startTestServer({ env: NO_RATE_LIMITS });
  tenant = await createTenant(server.url, 'DNC Clinic');
});

afterAll(async () => {
  await server?.close();
});

const dnc = (method: string, path: string, body?: unknown, apiKey = tenant.adminKey) => call(server.url, method, path, { body, creds: { apiKey } });

describe('the do-not-call list', () => {
  it('adds a number once: adding it again returns the same entry', async () => {
    const phone = patientNumber();
    const first = await dnc('POST', '/v1/dnc', { phone, reason: 'Asked not to be called' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ object: 'dnc_entry', phone, reason: 'Asked not to be called', source: 'api' });
    expect(first.body.id).toMatch(/^dnc_/);
    const again = await dnc('POST', '/v1/dnc', { phone, reason: 'another reason' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const listed = await dnc('GET', `/v1/dnc?phone=${encodeURIComponent(phone)}`);
    expect(listed.body.data).toEqual([first.body]);
  });

  it('lists newest first, page by page, and filters by phone', async () => {
    const phones = [patientNumber(), patientNumber(), patientNumber()];
    const ids: string[] = [];
    for (const phone of phones) ids.push((await dnc('POST', '/v1/dnc', { phone })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string }[]; has_more: boolean; next_cursor: string | null } } = await dnc('GET', `/v1/dnc?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.data.map((e) => e.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen.slice(0, 3)).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    const one = await dnc('GET', `/v1/dnc?phone=${encodeURIComponent(phones[1]!)}`);
    expect(one.body.data.map((e: { id: string }) => e.id)).toEqual([ids[1]]);
    const none = await dnc('GET', `/v1/dnc?phone=${encodeURIComponent(patientNumber())}`);
    expect(none.body).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it('refuses bad input with a problem', async () => {
    for (const body of [{ phone: '555-0100' }, { phone: patientNumber(), reason: '' }, {}, { phone: patientNumber(), extra: 1 }]) {
      const res = await dnc('POST', '/v1/dnc', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect((await dnc('GET', '/v1/dnc?phone=nope')).status).toBe(400);
  });

  it('removes an entry (204, then 404), and audits both the add and the removal without the full number', async () => {
    const phone = patientNumber();
    const entry = (await dnc('POST', '/v1/dnc', { phone })).body;
    expect((await dnc('DELETE', `/v1/dnc/${entry.id}`)).status).toBe(204);
    expect((await dnc('GET', `/v1/dnc?phone=${encodeURIComponent(phone)}`)).body.data).toEqual([]);
    const gone = await dnc('DELETE', `/v1/dnc/${entry.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('not_found');

    const audit = await dnc('GET', '/v1/audit-events?action=dnc.&limit=100');
    const mine = audit.body.data.filter((e: { target_id: string }) => e.target_id === entry.id);
    expect(mine.map((e: { action: string }) => e.action).sort()).toEqual(['dnc.added', 'dnc.removed']);
    expect(mine[0].metadata.phone_last4).toBe(phone.slice(-4));
    expect(JSON.stringify(audit.body)).not.toContain(phone);
  });

  it('a read-only key may list but not change the list', async () => {
    const key = await dnc('POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] });
    const reader = key.body.secret as string;
    expect((await dnc('GET', '/v1/dnc', undefined, reader)).status).toBe(200);
    const entry = (await dnc('POST', '/v1/dnc', { phone: patientNumber() })).body;
    expect((await dnc('POST', '/v1/dnc', { phone: patientNumber() }, reader)).status).toBe(403);
    expect((await dnc('DELETE', `/v1/dnc/${entry.id}`, undefined, reader)).status).toBe(403);
  });
});
