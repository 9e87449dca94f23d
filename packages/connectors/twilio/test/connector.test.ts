/** Twilio-specific behaviour beyond the kit's conformance suite: the wire format and edge cases. */
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError, createResilience, withResilience } from '@voxanne/connector-kit';
import { startWebhookReceiver, type WebhookReceiver } from '@voxanne/connector-kit/testing';
import { createTwilioSms, parseTwilioInbound, parseTwilioStatus } from '../src/index.ts';
import { startFakeTwilio, twilioSignature, type FakeTwilio } from '../src/testing/index.ts';

let fake: FakeTwilio;
let hook: WebhookReceiver;
const settings = () => ({ accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: fake.url, timeoutMs: 2000 });

beforeAll(async () => {
  fake = await startFakeTwilio();
  hook = await startWebhookReceiver();
});
afterAll(async () => {
  await hook.close();
  await fake.close();
});

async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

describe('send', () => {
  it('POSTs the form fields Twilio documents, with Basic auth of the account', async () => {
    const sms = createTwilioSms(settings());
    const { externalId, status } = await sms.send({
      from: '+15005550006',
      to: '+12025550123',
      body: 'Confirmed: Tue 10:00',
      statusCallbackUrl: 'https://api.voxanne.test/v1/webhooks/twilio/status?org=org_1',
    });
    expect(externalId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(status).toBe('queued');
    const req = fake.http.find('POST', `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`).at(-1)!;
    expect(req.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(req.rawBody))).toEqual({
      From: '+15005550006',
      To: '+12025550123',
      Body: 'Confirmed: Tue 10:00',
      StatusCallback: 'https://api.voxanne.test/v1/webhooks/twilio/status?org=org_1',
    });
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64')}`);
  });

  it('refuses an empty or over-long body without calling Twilio', async () => {
    const sms = createTwilioSms(settings());
    const before = fake.http.requests.length;
    expect(await rejection(sms.send({ from: '+15005550006', to: '+12025550123', body: '  ' }))).toMatchObject({ code: 'invalid_request' });
    expect(await rejection(sms.send({ from: '+15005550006', to: '+12025550123', body: 'x'.repeat(1601) }))).toMatchObject({
      code: 'invalid_request',
    });
    expect(fake.http.requests.length).toBe(before);
  });

  it("keeps Twilio's error code on a refused sender", async () => {
    const err = await rejection(createTwilioSms(settings()).send({ from: '+12025550999', to: '+12025550123', body: 'hi' }));
    expect(err).toMatchObject({ code: 'invalid_request', vendorCode: '21606', status: 400, retryable: false });
  });

  describe('environment independence', () => {
    const saved = { edge: process.env.TWILIO_EDGE, region: process.env.TWILIO_REGION };
    afterEach(() => {
      for (const [k, v] of [['TWILIO_EDGE', saved.edge], ['TWILIO_REGION', saved.region]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });

    it('ignores TWILIO_EDGE / TWILIO_REGION from the environment', async () => {
      process.env.TWILIO_EDGE = 'sydney';
      process.env.TWILIO_REGION = 'au1';
      await expect(createTwilioSms(settings()).send({ from: '+15005550006', to: '+12025550124', body: 'hi' })).resolves.toMatchObject({
        status: 'queued',
      });
    });
  });

  it('maps a dropped connection to network and a slow answer to timeout, both retryable', async () => {
    const sms = createTwilioSms({ ...settings(), timeoutMs: 100 });
    fake.http.dropNext();
    expect(await rejection(sms.send({ from: '+15005550006', to: '+12025550125', body: 'hi' }))).toMatchObject({ code: 'network', retryable: true });
    fake.http.delayNext(1000);
    expect(await rejection(sms.send({ from: '+15005550006', to: '+12025550125', body: 'hi' }))).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('composes with the kit resilience policy: a transient 503 is retried, 21610 is not', async () => {
    const sms = withResilience(
      createTwilioSms(settings()),
      createResilience({ connector: 'twilio', maxAttempts: 3, backoff: { initialDelayMs: 1, maxDelayMs: 1 } }),
      ['send'],
    );
    fake.failNext(503);
    await expect(sms.send({ from: '+15005550006', to: '+12025550126', body: 'hi' })).resolves.toMatchObject({ status: 'queued' });
    fake.optOut('+12025550127');
    const before = fake.http.requests.length;
    expect(await rejection(sms.send({ from: '+15005550006', to: '+12025550127', body: 'hi' }))).toMatchObject({ code: 'recipient_opted_out' });
    expect(fake.http.requests.length - before).toBe(1);
  });
});

describe('error texts never carry what Twilio wrote', () => {
  // Twilio's messages quote the numbers involved ("The 'To' number +1... is not a valid phone number"), and
  // ConnectorError messages end up in logs and job failure records: only the code and status may travel.
  it('keeps the Twilio code and HTTP status, and drops the vendor message with its phone numbers', async () => {
    const sms = createTwilioSms(settings());
    const refused = await rejection(sms.send({ from: '+12025550999', to: '+12025550123', body: 'hi' }));
    expect(refused).toMatchObject({ vendorCode: '21606', status: 400 });
    expect(refused.message).not.toContain('+12025550999');
    expect(refused.message).toContain('21606');
    fake.failNext(503, 1, { code: 20500, message: 'Upstream trouble sending to +12025550188', more_info: 'https://www.twilio.com/docs/errors/20500', status: 503 });
    const outage = await rejection(sms.send({ from: '+15005550006', to: '+12025550188', body: 'hi' }));
    expect(outage).toMatchObject({ code: 'vendor_unavailable', vendorCode: '20500', status: 503 });
    expect(outage.message).not.toContain('+12025550188');
    expect(JSON.stringify(outage)).not.toContain('+12025550188');
  });
});

describe('webhook signatures', () => {
  it("the fake's independent signer agrees with the SDK's expected signature", () => {
    const url = 'https://api.voxanne.test/v1/webhooks/twilio/sms?org=org_1';
    const params = { Body: 'Hola, ¿me confirma?', From: '+12025550123', To: '+15005550006', MessageSid: 'SMabc' };
    expect(twilioSignature('tok', url, params)).toBe(twilio.getExpectedTwilioSignature('tok', url, params));
  });

  it('accepts the public URL with or without the default port, and rejects http vs https', () => {
    const sms = createTwilioSms(settings());
    const params = { MessageSid: 'SM1', From: '+12025550123', To: '+15005550006', Body: 'C' };
    const url = 'https://api.voxanne.test/v1/webhooks/twilio/sms';
    const headers = { 'X-Twilio-Signature': twilioSignature(fake.authToken, url, params) };
    expect(sms.verifyWebhook({ url, params, headers })).toBe(true);
    expect(sms.verifyWebhook({ url: 'https://api.voxanne.test:443/v1/webhooks/twilio/sms', params, headers })).toBe(true);
    expect(sms.verifyWebhook({ url: 'http://api.voxanne.test/v1/webhooks/twilio/sms', params, headers })).toBe(false);
  });

  it('uses the advanced opt-out classification when Twilio sends one', async () => {
    const adv = await startFakeTwilio({ advancedOptOut: true });
    try {
      // A custom keyword configured in the Messaging Service: only Twilio knows it means STOP.
      expect(parseTwilioInbound({ MessageSid: 'SM1', From: '+1', To: '+2', Body: 'ALTO', OptOutType: 'STOP' }).keyword).toBe('STOP');
      const url = `${hook.url}/adv`;
      const r = await adv.sendInbound(url, { from: '+12025550130', to: '+15005550006', body: 'stop' });
      const got = await hook.waitFor((x) => x.params.MessageSid === r.sid);
      expect(got.params.OptOutType).toBe('STOP');
    } finally {
      await adv.close();
    }
  });
});

describe('status parsing', () => {
  it('falls back to the legacy SmsStatus/SmsSid fields and maps unknown states to unknown', () => {
    expect(parseTwilioStatus({ SmsSid: 'SM9', SmsStatus: 'sent', To: '+12025550123' })).toEqual({
      externalId: 'SM9',
      status: 'sent',
      errorCode: null,
      optedOut: false,
      to: '+12025550123',
      from: null,
    });
    expect(parseTwilioStatus({ MessageSid: 'SM9', MessageStatus: 'partially_delivered' }).status).toBe('unknown');
    expect(() => parseTwilioStatus({ MessageStatus: 'sent' })).toThrow(ConnectorError);
  });
});

describe('testConnection', () => {
  it('names the account and fails for a suspended one', async () => {
    expect(await createTwilioSms(settings()).testConnection()).toEqual({ ok: true, detail: 'Twilio account "Bright Smile Dental" is active' });
    const suspended = await startFakeTwilio({ accountStatus: 'suspended' });
    try {
      const sms = createTwilioSms({ accountSid: suspended.accountSid, authToken: suspended.authToken, baseUrl: suspended.url });
      expect(await sms.testConnection()).toEqual({ ok: false, detail: 'Twilio account "Bright Smile Dental" is suspended' });
    } finally {
      await suspended.close();
    }
  });
});
