import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../support/index.ts';
import { createClinic, eventually, freePort, zoneAtLocalHour } from './scheduling-support.ts';

// Issue #10 item 25: no PUBLIC_URL, a port other than 3000. The simulator posts the reply to PUBLIC_URL's
// webhook, so a default stuck on :3000 sent it nowhere (500).
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { HOST: '127.0.0.1', PORT: String(await freePort()) } });
});
afterAll(async () => {
  await server?.close();
});

describe('PUBLIC_URL unset on another port', () => {
  it('derives the public URL from PORT, so the SMS simulator reaches this server', async () => {
    expect(server.config.publicUrl).toBe(server.url);
    const clinic = await createClinic(server.url, { timezone: zoneAtLocalHour(12) });
    const from = '+15557770901';
    const sim = await call(server.url, 'POST', '/v1/sms/simulate-inbound', { body: { from, body: 'STOP' }, creds: clinic.creds });
    expect(sim.status).toBe(202);
    expect(sim.body.webhook_status).toBe(200);
    await eventually(async () => (await call(server.url, 'GET', '/v1/sms/opt-outs', { creds: clinic.creds })).body.data.find((e: { phone: string }) => e.phone === from), 20_000, 'the STOP entry');
  });
});
