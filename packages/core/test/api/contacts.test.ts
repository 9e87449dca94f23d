import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, startTestServer, PASSWORD, uniqueEmail, type Credentials, type TestServer, type Tenant } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { newId } from '../../src/platform/ids.ts';

let server: TestServer;
let base: string;
let a: Tenant;
let b: Tenant;
let A: Credentials;
let viewer: Credentials;

beforeAll(async () => {
  server = await startTestServer();
  base = server.url;
  a = await createTenant(base, 'Contacts A');
  b = await createTenant(base, 'Contacts B');
  A = { apiKey: a.adminKey };
  const invite = await call(base, 'POST', '/v1/invites', { body: { email: uniqueEmail('viewer'), role: 'viewer' }, creds: A });
  const joined = await call(base, 'POST', '/v1/invites/accept', { body: { token: invite.body.token, name: 'Viewer', password: PASSWORD } });
  viewer = { cookie: joined.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: joined.body.csrf_token };
});

afterAll(async () => {
  await server?.close();
});

let phoneSeq = 0;
const nextPhone = () => `+1555020${String(phoneSeq++).padStart(4, '0')}`;

async function create(body: Record<string, unknown>, creds: Credentials = A) {
  return call(base, 'POST', '/v1/contacts', { body, creds });
}

/**
 * Test setup writes what only calls produce (lead scores, last call times, call rows) straight into the
 * tables, as the app role inside org A's scope: the same RLS-bound path the services use, on both drivers.
 */
const asOrgA = <T>(fn: Parameters<typeof inScope<T>>[2]) => inScope(server.platform.knex, { orgId: a.orgId }, fn);

const auditOf = async (action: string, targetId: string) =>
  (await call(base, 'GET', `/v1/audit-events?action=${action}&limit=100`, { creds: A })).body.data.filter((e: { target_id: string }) => e.target_id === targetId);

describe('create, read, update', () => {
  it('creates a contact and reads it back with its (empty) call history', async () => {
    const phone = nextPhone();
    const created = await create({ phone, name: 'Dana Reyes', timezone: 'America/Chicago', tags: ['implant', 'vip'], consent_status: 'granted' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'contact',
      phone,
      name: 'Dana Reyes',
      timezone: 'America/Chicago',
      tags: ['implant', 'vip'],
      consent_status: 'granted',
      lead_score: null,
      lead_reasons: [],
      call_count: 0,
      last_call_at: null,
      do_not_call: false,
    });
    expect(created.body.id).toMatch(/^ctc_/);
    expect(created.body.consent_updated_at).not.toBeNull();

    const got = await call(base, 'GET', `/v1/contacts/${created.body.id}`, { creds: viewer });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ ...created.body, recent_calls: [] });

    const events = await asOrgA((tx) => tx('outbox_events').where({ type: 'contact.created' }).pluck('payload'));
    const mine = events.filter((p: { contact_id: string }) => p.contact_id === created.body.id);
    expect(mine).toEqual([{ contact_id: created.body.id }]);
    // The consent given at creation is on record, without the number.
    const audits = await auditOf('contact.consent_changed', created.body.id);
    expect(audits).toHaveLength(1);
    expect(audits[0].metadata).toEqual({ contact_id: created.body.id, consent_status: 'granted' });
  });

  it('defaults what was not sent', async () => {
    const created = await create({ phone: nextPhone() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: null, timezone: null, tags: [], consent_status: 'unknown', consent_updated_at: null });
    expect(await auditOf('contact.consent_changed', created.body.id)).toHaveLength(0);
  });

  it('patches fields, leaves unsent ones alone, and null clears', async () => {
    const c = (await create({ phone: nextPhone(), name: 'Sam Ortiz', timezone: 'Europe/Berlin', tags: ['new'] })).body;
    const patched = await call(base, 'PATCH', `/v1/contacts/${c.id}`, { body: { tags: ['cleaning', 'new'], name: null }, creds: A });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: null, timezone: 'Europe/Berlin', tags: ['cleaning', 'new'], consent_status: 'unknown' });
    expect(new Date(patched.body.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(c.updated_at).getTime());
    const updated = await auditOf('contact.updated', c.id);
    expect(updated.map((e: { metadata: unknown }) => e.metadata)).toEqual([{ fields: ['name', 'tags'] }]);
  });

  it('records a consent change with its time and an audit entry holding only the id and the new status', async () => {
    const phone = nextPhone();
    const c = (await create({ phone, name: 'Lee Park', consent_status: 'granted' })).body;
    const revoked = await call(base, 'PATCH', `/v1/contacts/${c.id}`, { body: { consent_status: 'revoked' }, creds: A });
    expect(revoked.status).toBe(200);
    expect(revoked.body.consent_status).toBe('revoked');
    expect(new Date(revoked.body.consent_updated_at).getTime()).toBeGreaterThan(new Date(c.consent_updated_at).getTime() - 1);
    expect(revoked.body.consent_updated_at).not.toBe(c.consent_updated_at);

    const audits = await auditOf('contact.consent_changed', c.id);
    expect(audits.map((e: { metadata: unknown }) => e.metadata)).toEqual([
      { contact_id: c.id, consent_status: 'revoked' },
      { contact_id: c.id, consent_status: 'granted' },
    ]);
    const text = JSON.stringify(audits);
    expect(text).not.toContain(phone);
    expect(text).not.toContain('Lee Park');

    // Sending the same status again is not a change: no new time, no new entry.
    const same = await call(base, 'PATCH', `/v1/contacts/${c.id}`, { body: { consent_status: 'revoked' }, creds: A });
    expect(same.status).toBe(200);
    expect(same.body.consent_updated_at).toBe(revoked.body.consent_updated_at);
    expect(await auditOf('contact.consent_changed', c.id)).toHaveLength(2);
  });

  it('shows do_not_call from the DNC list, not from a stored flag', async () => {
    const phone = nextPhone();
    const c = (await create({ phone })).body;
    await asOrgA((tx) => tx('dnc_entries').insert({ id: newId('dnc'), org_id: a.orgId, phone, source: 'api' }));
    expect((await call(base, 'GET', `/v1/contacts/${c.id}`, { creds: A })).body.do_not_call).toBe(true);
    const listed = await call(base, 'GET', `/v1/contacts?phone=${encodeURIComponent(phone)}`, { creds: A });
    expect(listed.body.data.map((x: { do_not_call: boolean }) => x.do_not_call)).toEqual([true]);
    await asOrgA((tx) => tx('dnc_entries').where({ phone }).del());
    expect((await call(base, 'GET', `/v1/contacts/${c.id}`, { creds: A })).body.do_not_call).toBe(false);
  });

  it("lists the contact's 20 most recent calls, newest first", async () => {
    const c = (await create({ phone: nextPhone() })).body;
    const t0 = Date.now();
    const callIds = Array.from({ length: 22 }, (_, i) => newId('call', t0 + i));
    await asOrgA((tx) =>
      tx('calls').insert(
        callIds.map((id, i) => ({
          id,
          org_id: a.orgId,
          connector: 'simulator',
          direction: 'inbound',
          status: 'ended',
          contact_id: c.id,
          from_number: c.phone,
          duration_seconds: 30 + i + 0.5,
          outcome: 'booked',
          sentiment: 'positive',
          lead_score: 70,
          summary: 'Booked a cleaning.',
        })),
      ),
    );
    const got = await call(base, 'GET', `/v1/contacts/${c.id}`, { creds: A });
    expect(got.status).toBe(200);
    expect(got.body.recent_calls.map((x: { id: string }) => x.id)).toEqual(callIds.slice(2).reverse());
    expect(got.body.recent_calls[0]).toMatchObject({ object: 'call', contact_id: c.id, duration_seconds: 51.5, outcome: 'booked', analysis_status: 'none' });
  });
});

describe('refusals', () => {
  it('answers 409 contact_exists with the existing id, and writes nothing', async () => {
    const phone = nextPhone();
    const first = (await create({ phone, name: 'First' })).body;
    const countOf = async (table: string) => Number((await asOrgA((tx) => tx(table).count('* as n')))[0]!.n);
    const outboxBefore = await countOf('outbox_events');
    const auditBefore = await countOf('audit_events');

    const dup = await create({ phone, name: 'Second', consent_status: 'granted', tags: ['x'] });
    expect(dup.status).toBe(409);
    expect(dup.contentType).toContain('application/problem+json');
    expect(dup.body).toMatchObject({ code: 'contact_exists', contact_id: first.id });

    const rows = await asOrgA((tx) => tx('contacts').where({ phone }).select('id', 'name', 'consent_status', 'tags'));
    expect(rows).toEqual([{ id: first.id, name: 'First', consent_status: 'unknown', tags: [] }]);
    expect(await countOf('outbox_events')).toBe(outboxBefore);
    expect(await countOf('audit_events')).toBe(auditBefore);
  });

  it('the same number in another org is a different contact', async () => {
    const phone = nextPhone();
    expect((await create({ phone })).status).toBe(201);
    expect((await create({ phone }, { apiKey: b.adminKey })).status).toBe(201);
  });

  it('refuses a time zone that is not IANA with 400 invalid_timezone', async () => {
    const phone = nextPhone();
    for (const timezone of ['Mars/Olympus_Mons', '+05:00', 'EST5EDT_nope']) {
      const res = await create({ phone, timezone });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_timezone');
    }
    expect((await call(base, 'GET', `/v1/contacts?phone=${encodeURIComponent(phone)}`, { creds: A })).body.data).toEqual([]);

    const c = (await create({ phone, timezone: 'Asia/Tokyo' })).body;
    const bad = await call(base, 'PATCH', `/v1/contacts/${c.id}`, { body: { timezone: 'Nowhere/Land', name: 'Changed' }, creds: A });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_timezone');
    expect((await call(base, 'GET', `/v1/contacts/${c.id}`, { creds: A })).body).toMatchObject({ timezone: 'Asia/Tokyo', name: null });
  });

  it('refuses malformed input with 400 problems', async () => {
    expect((await create({ phone: '5550100' })).body.code).toBe('validation_failed');
    expect((await create({ phone: nextPhone(), tags: ['Not A Tag'] })).body.code).toBe('validation_failed');
    const c = (await create({ phone: nextPhone() })).body;
    const empty = await call(base, 'PATCH', `/v1/contacts/${c.id}`, { body: {}, creds: A });
    expect(empty.status).toBe(400);
    expect((await call(base, 'GET', '/v1/contacts?sort=oldest', { creds: A })).status).toBe(400);
  });

  it('lets a viewer read but not write (403)', async () => {
    const c = (await create({ phone: nextPhone(), name: 'Kept' })).body;
    expect((await call(base, 'GET', '/v1/contacts', { creds: viewer })).status).toBe(200);
    const patch = await call(base, 'PATCH', `/v1/contacts/${c.id}`, { body: { name: 'Viewer edit' }, creds: viewer });
    expect(patch.status).toBe(403);
    expect(patch.body.code).toBe('forbidden');
    const post = await create({ phone: nextPhone() }, viewer);
    expect(post.status).toBe(403);
    expect((await call(base, 'GET', `/v1/contacts/${c.id}`, { creds: A })).body.name).toBe('Kept');
  });

  it("answers 404 for another org's contact and never lists it", async () => {
    const c = (await create({ phone: nextPhone(), name: 'Private' })).body;
    const B = { apiKey: b.adminKey };
    const get = await call(base, 'GET', `/v1/contacts/${c.id}`, { creds: B });
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('not_found');
    const patch = await call(base, 'PATCH', `/v1/contacts/${c.id}`, { body: { consent_status: 'revoked' }, creds: B });
    expect(patch.status).toBe(404);
    expect((await call(base, 'GET', `/v1/contacts/${c.id}`, { creds: A })).body).toMatchObject({ name: 'Private', consent_status: 'unknown' });
    const listed = await call(base, 'GET', `/v1/contacts?limit=100&phone=${encodeURIComponent(c.phone)}`, { creds: B });
    expect(listed.body.data).toEqual([]);
  });
});

describe('listing', () => {
  // A tenant of its own, so the expected orders are exactly the contacts made here.
  let t: Tenant;
  let T: Credentials;
  const made: { id: string; score: number | null; lastCallMicros: number | null }[] = [];
  const BASE_TIME = '2026-01-15T12:00:00.000000Z';

  beforeAll(async () => {
    t = await createTenant(base, 'Listing');
    T = { apiKey: t.adminKey };
    // 27 contacts (> page size 10): distinct scores, two ties, nulls; last calls microseconds apart (a
    // JS Date cannot tell them apart), two ties, nulls.
    for (let i = 0; i < 27; i++) {
      const res = await call(base, 'POST', '/v1/contacts', {
        body: { phone: `+1555030${String(i).padStart(4, '0')}`, tags: i % 3 === 0 ? ['vip'] : i % 3 === 1 ? ['vip', 'implant'] : ['implant'], consent_status: i % 4 === 0 ? 'revoked' : 'granted' },
        creds: T,
      });
      expect(res.status).toBe(201);
      const score = i >= 23 ? null : i === 21 || i === 22 ? 40 : (i * 37) % 101;
      const lastCallMicros = i >= 22 ? null : i === 20 || i === 21 ? 7 : ((i * 13) % 20) * 3;
      made.push({ id: res.body.id, score, lastCallMicros });
    }
    await inScope(server.platform.knex, { orgId: t.orgId }, async (tx) => {
      for (const m of made) {
        await tx.raw(
          `UPDATE contacts SET lead_score = ?, lead_reasons = ?::jsonb,
             last_call_at = CASE WHEN ?::bigint IS NULL THEN NULL ELSE ?::timestamptz - (?::bigint * interval '1 microsecond') END
           WHERE id = ?`,
          [m.score, JSON.stringify(m.score === null ? [] : [`scored ${m.score}`]), m.lastCallMicros, BASE_TIME, m.lastCallMicros, m.id],
        );
      }
    });
  });

  async function allPages(query: string, limit = 10): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await call(base, 'GET', `/v1/contacts?${qs}`, { creds: T });
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(limit);
      ids.push(...res.body.data.map((c: { id: string }) => c.id));
      expect(res.body.has_more).toBe(res.body.next_cursor !== null);
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    return ids;
  }

  const byIdDesc = (x: { id: string }, y: { id: string }) => (x.id < y.id ? 1 : -1);

  it('sort=recent pages through last call desc (microseconds apart), nulls last, id desc on ties', async () => {
    const expected = [...made]
      .sort((x, y) => {
        if (x.lastCallMicros === null || y.lastCallMicros === null) {
          if (x.lastCallMicros !== y.lastCallMicros) return x.lastCallMicros === null ? 1 : -1;
          return byIdDesc(x, y);
        }
        return x.lastCallMicros - y.lastCallMicros || byIdDesc(x, y);
      })
      .map((m) => m.id);
    expect(await allPages('sort=recent')).toEqual(expected);
    // The default sort is recent; pages of other sizes agree.
    expect(await allPages('', 4)).toEqual(expected);
    expect(await allPages('sort=recent', 7)).toEqual(expected);
  });

  it('sort=lead_score pages through score desc, nulls last, id asc on ties', async () => {
    const expected = [...made]
      .sort((x, y) => {
        if (x.score === null || y.score === null) {
          if (x.score !== y.score) return x.score === null ? 1 : -1;
          return -byIdDesc(x, y);
        }
        return y.score - x.score || -byIdDesc(x, y);
      })
      .map((m) => m.id);
    expect(await allPages('sort=lead_score')).toEqual(expected);
    expect(await allPages('sort=lead_score', 3)).toEqual(expected);
    const first = await call(base, 'GET', '/v1/contacts?sort=lead_score&limit=3', { creds: T });
    for (const c of first.body.data) expect(c.lead_reasons).toEqual([`scored ${c.lead_score}`]);
    expect(first.body.data.map((c: { lead_score: number }) => c.lead_score)).toEqual([...made.map((m) => m.score)].filter((s) => s !== null).sort((p, q) => q! - p!).slice(0, 3));
  });

  it('filters by tag and consent, together with pagination', async () => {
    const vip = made.filter((_, i) => i % 3 !== 2).map((m) => m.id);
    expect((await allPages('sort=lead_score&tag=vip', 5)).sort()).toEqual([...vip].sort());
    const revoked = made.filter((_, i) => i % 4 === 0).map((m) => m.id);
    expect((await allPages('sort=recent&consent_status=revoked', 2)).sort()).toEqual([...revoked].sort());
    const both = made.filter((_, i) => i % 3 !== 0 && i % 4 === 0).map((m) => m.id);
    expect((await allPages('tag=implant&consent_status=revoked&sort=recent')).sort()).toEqual([...both].sort());
    expect(await allPages('tag=nobody')).toEqual([]);
    expect(await allPages(`phone=${encodeURIComponent('+15550300005')}`)).toEqual([made[5]!.id]);
  });

  it('refuses a forged cursor or one from the other sort with 400 invalid_cursor', async () => {
    const page = await call(base, 'GET', '/v1/contacts?sort=lead_score&limit=2', { creds: T });
    const other = await call(base, 'GET', `/v1/contacts?sort=recent&cursor=${encodeURIComponent(page.body.next_cursor)}`, { creds: T });
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('invalid_cursor');
    const forged = [
      'not-a-cursor',
      Buffer.from('{"s":"lead_score","k":"1; drop table contacts","id":"ctc_01J00000000000000000000000"}').toString('base64url'),
      Buffer.from('{"s":"recent","k":"yesterday","id":"ctc_01J00000000000000000000000"}').toString('base64url'),
      Buffer.from('{"s":"recent","k":null,"id":"cll_01J00000000000000000000000"}').toString('base64url'),
    ];
    for (const cursor of forged) {
      const sort = cursor.length > 20 && Buffer.from(cursor, 'base64url').toString().includes('lead_score') ? 'lead_score' : 'recent';
      const res = await call(base, 'GET', `/v1/contacts?sort=${sort}&cursor=${encodeURIComponent(cursor)}`, { creds: T });
      expect(res.status, cursor).toBe(400);
      expect(res.body.code).toBe('invalid_cursor');
    }
  });
});
