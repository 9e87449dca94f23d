/** Wires a fake Twilio and a real Twilio connector into the kit's SMS conformance suite. */
import type { SmsConformanceContext } from '@voxanne/connector-kit/testing';
import { createTwilioSms } from '../sms.ts';
import { startFakeTwilio, type FakeTwilioOptions } from './fake-twilio.ts';

export async function twilioConformanceContext(opts: FakeTwilioOptions = {}): Promise<SmsConformanceContext> {
  const fake = await startFakeTwilio(opts);
  const settings = { accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: fake.url, timeoutMs: 5000 };
  const connector = createTwilioSms(settings);
  const ensure2xx = (what: string, status: number) => {
    if (status < 200 || status > 299) throw new Error(`fake twilio: our ${what} endpoint answered ${status}`);
  };
  return {
    connector,
    from: [...fake.numbers][0]!,
    vendor: {
      message(id) {
        const m = fake.messages.get(id);
        return m && { from: m.from, to: m.to, body: m.body, statusCallbackUrl: m.statusCallback };
      },
      optOut: (n) => fake.optOut(n),
      async deliverInbound(url, msg) {
        const r = await fake.sendInbound(url, msg);
        ensure2xx('inbound', r.status);
        return { externalId: r.sid };
      },
      async deliverStatus(id, status, o) {
        ensure2xx('status', (await fake.sendStatus(id, status, o)).status);
      },
    },
    withWrongSecret: () => createTwilioSms({ ...settings, authToken: `${fake.authToken}-rotated` }),
    withBadCredentials() {
      const secret = 'twilio-wrong-token-7c2d';
      return { connector: createTwilioSms({ ...settings, authToken: secret }), secret };
    },
    failNext: (status, times) => fake.failNext(status, times),
    teardown: () => fake.close(),
  };
}
