/** The local SMS outbox wired for the kit's SMS conformance suite (also a ready-made SMS vendor for core's tests). */
import type { SmsConformanceContext } from '@voxanne/connector-kit/testing';
import { createLocalSms } from '../sms/connector.ts';
import { createMemorySmsOutbox, type MemorySmsOutbox } from '../sms/outbox-store.ts';

export function localSmsConformanceContext(opts: { store?: MemorySmsOutbox; webhookSecret?: string } = {}): SmsConformanceContext {
  const webhookSecret = opts.webhookSecret ?? 'local-sms-webhook-secret';
  const store = opts.store ?? createMemorySmsOutbox();
  const connector = createLocalSms({ webhookSecret, store });
  const ensure2xx = (what: string, status: number) => {
    if (status < 200 || status > 299) throw new Error(`local sms: our ${what} endpoint answered ${status}`);
  };
  return {
    connector,
    from: '+15005550100',
    vendor: {
      message(id) {
        const m = store.messages.get(id);
        return m && { from: m.from, to: m.to, body: m.body, statusCallbackUrl: m.statusCallbackUrl };
      },
      optOut: (n) => store.optOut(n),
      async deliverInbound(url, msg) {
        const r = await connector.simulateInbound(url, msg);
        ensure2xx('inbound', r.status);
        return { externalId: r.externalId };
      },
      async deliverStatus(id, status, o) {
        ensure2xx('status', (await connector.simulateStatus(id, status, o)).status);
      },
    },
    withWrongSecret: () => createLocalSms({ webhookSecret: `${webhookSecret}-other`, store }),
    failNext: (status, times) => store.failNext(status, times),
    teardown: async () => {},
  };
}
