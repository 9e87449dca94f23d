import { afterEach, describe, expect, it } from 'vitest';
import { bearerToken, startFakeServer, type FakeServer } from '../src/testing/index.ts';

let fake: FakeServer;
afterEach(async () => {
  await fake?.close();
});

describe('fake server', () => {
  it('routes by method and pattern, parses JSON and records requests', async () => {
    fake = await startFakeServer();
    fake.route('POST', '/thing/:id', (req) => ({ status: 201, json: { id: req.params.id, got: req.body } }));
    const res = await fetch(`${fake.url}/thing/a%20b?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1 }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'a b', got: { n: 1 } });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/thing/a%20b', rawBody: '{"n":1}' });
    expect(fake.requests[0]!.query.get('x')).toBe('1');
    expect(fake.find('POST', '/thing/:id')).toHaveLength(1);
    expect(fake.find('GET', '/thing/:id')).toHaveLength(0);
    expect((await fetch(`${fake.url}/nope`)).status).toBe(404);
  });

  it('applies auth, then injected failures take precedence for their count', async () => {
    fake = await startFakeServer({
      authorize: (req) => (bearerToken(req) === 'good' ? undefined : { status: 401, json: { message: 'bad key' } }),
    });
    fake.route('GET', '/ok', () => ({ json: { ok: true } }));
    const get = (token: string) => fetch(`${fake.url}/ok`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get('bad')).status).toBe(401);
    fake.failNext(503, 2);
    expect((await get('good')).status).toBe(503);
    expect((await get('good')).status).toBe(503);
    expect((await get('good')).status).toBe(200);
  });

  it('can drop a connection and delay a reply', async () => {
    fake = await startFakeServer();
    fake.route('GET', '/ok', () => ({ body: 'fine', headers: { 'content-type': 'text/plain' } }));
    fake.dropNext();
    await expect(fetch(`${fake.url}/ok`)).rejects.toThrow();
    fake.delayNext(150);
    const t0 = Date.now();
    expect(await (await fetch(`${fake.url}/ok`)).text()).toBe('fine');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });
});
