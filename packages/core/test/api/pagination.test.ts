import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, type Tenant, type TestServer } from '../support/index.ts';
import { agentBody } from './voice.helpers.ts';

// Issue #10 item 26: a cursor belongs to one list with one set of filters. Anywhere else it answers
// 400 invalid_cursor instead of a silently wrong (often empty) page.
let server: TestServer;
let t: Tenant;
const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, { body, creds: { apiKey: t.adminKey } });

beforeAll(async () => {
  server = await startTestServer();
  t = await createTenant(server.url, 'Cursor Clinic');
  for (let i = 0; i < 3; i++) {
    expect((await api('POST', '/v1/locations', { name: `Site ${i}`, timezone: 'America/New_York' })).status).toBe(201);
    expect((await api('POST', '/v1/api-keys', { name: `key ${i}`, scopes: ['read'] })).status).toBe(201);
  }
});
afterAll(async () => {
  await server?.close();
});

async function cursorOf(path: string): Promise<string> {
  const res = await api('GET', path);
  expect(res.status, path).toBe(200);
  expect(res.body.next_cursor, path).toEqual(expect.any(String));
  return res.body.next_cursor as string;
}

function expectInvalidCursor(res: { status: number; body: { code: string } }) {
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('invalid_cursor');
}

describe('cursors', () => {
  it('walk their own list, and the page size may change between pages', async () => {
    const first = await api('GET', '/v1/locations?limit=1');
    const rest = await api('GET', `/v1/locations?limit=10&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    expect(rest.status).toBe(200);
    const names = [...first.body.data, ...rest.body.data].map((l: { name: string }) => l.name);
    expect(names).toEqual(['Site 2', 'Site 1', 'Site 0']);
  });

  it('are refused by another list', async () => {
    const fromLocations = await cursorOf('/v1/locations?limit=1');
    expectInvalidCursor(await api('GET', `/v1/api-keys?cursor=${encodeURIComponent(fromLocations)}`));
    expectInvalidCursor(await api('GET', `/v1/agents?cursor=${encodeURIComponent(fromLocations)}`));
    const fromKeys = await cursorOf('/v1/api-keys?limit=1');
    expectInvalidCursor(await api('GET', `/v1/locations?cursor=${encodeURIComponent(fromKeys)}`));
    // The contact list keeps its own order, but its cursors are bound the same way.
    expectInvalidCursor(await api('GET', `/v1/contacts?cursor=${encodeURIComponent(fromKeys)}`));
  });

  it('are refused with other filters', async () => {
    const created = await cursorOf('/v1/audit-events?action=location.created&limit=1');
    expect((await api('GET', `/v1/audit-events?action=location.created&cursor=${encodeURIComponent(created)}`)).status).toBe(200);
    expectInvalidCursor(await api('GET', `/v1/audit-events?action=api_key.created&cursor=${encodeURIComponent(created)}`));
    expectInvalidCursor(await api('GET', `/v1/audit-events?cursor=${encodeURIComponent(created)}`));
    const unfiltered = await cursorOf('/v1/audit-events?limit=1');
    expectInvalidCursor(await api('GET', `/v1/audit-events?action=location.created&cursor=${encodeURIComponent(unfiltered)}`));
  });

  it('of a nested list are refused under another parent', async () => {
    const a = await api('POST', '/v1/agents', agentBody({ name: 'A' }));
    const b = await api('POST', '/v1/agents', agentBody({ name: 'B' }));
    for (const name of ['A2', 'A3']) expect((await api('PATCH', `/v1/agents/${a.body.id}`, { name })).status).toBe(200);
    const ofA = await cursorOf(`/v1/agents/${a.body.id}/revisions?limit=1`);
    expect((await api('GET', `/v1/agents/${a.body.id}/revisions?cursor=${encodeURIComponent(ofA)}`)).body.data.length).toBe(2);
    expectInvalidCursor(await api('GET', `/v1/agents/${b.body.id}/revisions?cursor=${encodeURIComponent(ofA)}`));
  });

  it('that are garbage, truncated or hand-made answer 400 invalid_cursor', async () => {
    const real = await cursorOf('/v1/locations?limit=1');
    const idOnly = Buffer.from('loc_01J00000000000000000000000', 'utf8').toString('base64url');
    for (const cursor of ['garbage', real.slice(0, -3), `${real}x`, idOnly, Buffer.from('{"d":"x","p":"loc_01J00000000000000000000000"}').toString('base64url')]) {
      expectInvalidCursor(await api('GET', `/v1/locations?cursor=${encodeURIComponent(cursor)}`));
    }
  });
});
