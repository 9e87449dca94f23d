import { describe, expect, it } from 'vitest';
import { runSmsConformance } from '@voxanne/connector-kit/testing';
import { signWebhook } from '@voxanne/connector-kit';
import { canonicalSmsWebhook, createLocalSms, createMemorySmsOutbox } from '../src/index.ts';
import { localSmsConformanceContext } from '../src/testing/index.ts';

runSmsConformance('local-sms outbox', { credentials: false, vendorFailures: true }, async () => localSmsConformanceContext());

describe('local-sms specifics', () => {
  const from = '+15005550100';

  it('records sends in the store passed in, with status sent', async () => {
    const store = createMemorySmsOutbox();
    const sms = createLocalSms({ webhookSecret: 's', store });
    const { externalId, status } = await sms.send({ from, to: '+12025550140', body: 'Confirmed Tue 10:00' });
    expect(status).toBe('sent');
    expect(store.list()).toEqual([
      expect.objectContaining({ id: externalId, direction: 'outbound', from, to: '+12025550140', body: 'Confirmed Tue 10:00', status: 'sent' }),
    ]);
  });

  it('honours idempotency keys: the same key returns the first message and stores one', async () => {
    const store = createMemorySmsOutbox();
    const sms = createLocalSms({ webhookSecret: 's', store });
    const a = await sms.send({ from, to: '+12025550141', body: 'Reminder', idempotencyKey: 'bk_1:reminder-24h' });
    const b = await sms.send({ from, to: '+12025550141', body: 'Reminder', idempotencyKey: 'bk_1:reminder-24h' });
    const c = await sms.send({ from, to: '+12025550141', body: 'Reminder', idempotencyKey: 'bk_1:reminder-2h' });
    expect(b.externalId).toBe(a.externalId);
    expect(c.externalId).not.toBe(a.externalId);
    expect(store.list()).toHaveLength(2);
  });

  it('delivers simulated webhooks through a custom deliver function and records inbound messages', async () => {
    const store = createMemorySmsOutbox();
    const seen: { url: string; headers: Record<string, string>; body: string }[] = [];
    const sms = createLocalSms({
      webhookSecret: 's',
      store,
      deliver: async (req) => {
        seen.push(req);
        return { status: 204 };
      },
    });
    const url = 'https://voxanne.local/v1/webhooks/sms/local?org=org_1';
    const r = await sms.simulateInbound(url, { from: '+12025550142', to: from, body: 'C' });
    expect(r.status).toBe(204);
    const params = Object.fromEntries(new URLSearchParams(seen[0]!.body));
    expect(sms.verifyWebhook({ url, params, headers: seen[0]!.headers })).toBe(true);
    expect(store.messages.get(r.externalId)).toMatchObject({ direction: 'inbound', body: 'C', status: 'received' });
  });

  it('rejects a stale signature (replay protection)', () => {
    const sms = createLocalSms({ webhookSecret: 's' });
    const url = 'https://voxanne.local/sms';
    const params = { id: 'lsms_1', from: '+12025550143', to: from, body: 'C' };
    const headers = sms.signRequest(url, params);
    expect(sms.verifyWebhook({ url, params, headers })).toBe(true);
    // Correctly signed, but an hour old: a captured request cannot be replayed later.
    const old = signWebhook({ secret: 's', rawBody: canonicalSmsWebhook(url, params), timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(sms.verifyWebhook({ url, params, headers: old })).toBe(false);
  });

  it('refuses a status simulation for an unknown message', async () => {
    await expect(createLocalSms({ webhookSecret: 's' }).simulateStatus('lsms_nope', 'delivered')).rejects.toMatchObject({ code: 'not_found' });
  });
});
