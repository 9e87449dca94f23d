/**
 * The behaviour every SmsConnector must have. Webhooks are not built by the suite: the vendor side
 * (a fake Twilio, the local outbox's simulator) POSTs them to a real receiver, and the suite checks
 * the connector against what actually arrived — the same bytes core's webhook route would get.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../errors.ts';
import { rejection } from './rejection.ts';
import type { SmsConnector, SmsKeyword, SmsStatus, SmsWebhookRequest } from '../sms.ts';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver.ts';

type MaybePromise<T> = T | Promise<T>;

/** The vendor side, normalised, so the suite can see what a call really did. */
export interface SmsVendorView {
  message(externalId: string): MaybePromise<
    { from: string; to: string; body: string; statusCallbackUrl: string | null } | undefined
  >;
  /** Blocks `number` at the vendor, as if the patient had replied STOP earlier. */
  optOut(number: string): MaybePromise<void>;
  /**
   * A patient texts `to` (one of our numbers): the vendor POSTs its inbound webhook to `url`,
   * signed as it signs them, applying its own keyword handling (STOP blocks later sends).
   */
  deliverInbound(url: string, msg: { from: string; to: string; body: string }): Promise<{ externalId: string }>;
  /** Moves a sent message to `status` and POSTs the status callback to its statusCallbackUrl. */
  deliverStatus(externalId: string, status: SmsStatus, opts?: { errorCode?: string }): Promise<void>;
}

export interface SmsConformanceContext {
  connector: SmsConnector;
  /** A sender number the connector's account owns. */
  from: string;
  vendor: SmsVendorView;
  /** The same connector with a different webhook secret (for Twilio: another auth token). */
  withWrongSecret(): SmsConnector;
  /** The same connector with wrong API credentials, and the wrong secret it was given. */
  withBadCredentials?: () => { connector: SmsConnector; secret: string };
  /** Make the vendor answer the next `times` requests with `status`. */
  failNext?: (status: number, times?: number) => void;
  teardown(): Promise<void>;
}

/** Declared up front because a suite must know its test list before setup runs. */
export interface SmsConformanceCapabilities {
  credentials: boolean;
  vendorFailures: boolean;
}


const asRequest = (r: ReceivedWebhook): SmsWebhookRequest => ({ url: r.url, params: r.params, headers: r.headers });

// Numbers in the 555-01xx fictional range; each test uses its own recipient so vendor-side
// opt-outs from one test cannot leak into another.
let nextPatient = 100;
const patient = () => `+1202555${String(nextPatient++).padStart(4, '0')}`;

const KEYWORDS: [string, SmsKeyword | null][] = [
  ['STOP', 'STOP'],
  ['stop', 'STOP'],
  ['  Stop ', 'STOP'],
  ['STOPALL', 'STOP'],
  ['Unsubscribe', 'STOP'],
  ['cancel', 'STOP'],
  ['END', 'STOP'],
  ['quit', 'STOP'],
  ['OPTOUT', 'STOP'],
  ['revoke', 'STOP'],
  ['START', 'START'],
  ['unstop', 'START'],
  ['Yes', 'START'],
  ['HELP', 'HELP'],
  ['info', 'HELP'],
  ['C', null],
  ['R', null],
  ['please stop texting me', null],
  ['stop by at 3?', null],
];

export function runSmsConformance(
  name: string,
  capabilities: SmsConformanceCapabilities,
  setup: () => Promise<SmsConformanceContext>,
): void {
  describe(`SmsConnector conformance: ${name}`, () => {
    let ctx: SmsConformanceContext;
    let hook: WebhookReceiver;

    beforeAll(async () => {
      ctx = await setup();
      hook = await startWebhookReceiver();
    });
    afterAll(async () => {
      await hook?.close();
      await ctx?.teardown();
    });

    it('has a stable lowercase id', () => {
      expect(ctx.connector.id).toMatch(/^[a-z0-9-]+$/);
    });

    describe('send', () => {
      it('delivers from/to/body and the status callback URL to the vendor', async () => {
        const to = patient();
        const statusCallbackUrl = `${hook.url}/sms/status?org=org_1`;
        const body = 'Bright Smile: your cleaning is booked for Tue 10:00. Reply C to confirm, R to reschedule.';
        const res = await ctx.connector.send({ from: ctx.from, to, body, statusCallbackUrl });
        expect(res.externalId).toMatch(/\S/);
        expect(['accepted', 'queued', 'sending', 'sent']).toContain(res.status);
        expect(await ctx.vendor.message(res.externalId)).toEqual({ from: ctx.from, to, body, statusCallbackUrl });
      });

      it('sends without a status callback when none is given', async () => {
        const res = await ctx.connector.send({ from: ctx.from, to: patient(), body: 'Reminder: tomorrow 9:30.' });
        expect((await ctx.vendor.message(res.externalId))?.statusCallbackUrl).toBeNull();
      });

      it('gives each message its own id', async () => {
        const to = patient();
        const a = await ctx.connector.send({ from: ctx.from, to, body: 'one' });
        const b = await ctx.connector.send({ from: ctx.from, to, body: 'two' });
        expect(a.externalId).not.toBe(b.externalId);
      });

      it('refuses a recipient that is not E.164, not retryable', async () => {
        const err = await rejection(ctx.connector.send({ from: ctx.from, to: '555-0100', body: 'hi' }));
        expect(err).toMatchObject({ code: 'invalid_request', retryable: false });
      });

      it('reports an opted-out recipient as recipient_opted_out / 21610, not retryable', async () => {
        const to = patient();
        await ctx.vendor.optOut(to);
        const err = await rejection(ctx.connector.send({ from: ctx.from, to, body: 'Your appointment is confirmed.' }));
        expect(err).toMatchObject({ code: 'recipient_opted_out', vendorCode: '21610', retryable: false, connector: ctx.connector.id });
      });

      it('is blocked at the vendor after the patient replies STOP, and unblocked by START', async () => {
        const to = patient();
        await ctx.vendor.deliverInbound(`${hook.url}/sms/inbound`, { from: to, to: ctx.from, body: 'STOP' });
        const err = await rejection(ctx.connector.send({ from: ctx.from, to, body: 'Reminder' }));
        expect(err.code).toBe('recipient_opted_out');
        await ctx.vendor.deliverInbound(`${hook.url}/sms/inbound`, { from: to, to: ctx.from, body: 'START' });
        await expect(ctx.connector.send({ from: ctx.from, to, body: 'Reminder' })).resolves.toMatchObject({ externalId: expect.any(String) });
      });
    });

    describe('inbound webhooks', () => {
      it('accepts a genuine inbound webhook and parses it', async () => {
        const from = patient();
        const url = `${hook.url}/sms/inbound?org=org_1`;
        const { externalId } = await ctx.vendor.deliverInbound(url, { from, to: ctx.from, body: 'C' });
        const got = await hook.waitFor((r) => r.url === url && r.rawBody.includes(externalId));
        expect(ctx.connector.verifyWebhook(asRequest(got))).toBe(true);
        expect(ctx.connector.parseInbound(got.params)).toEqual({ externalId, from, to: ctx.from, body: 'C', keyword: null });
      });

      it('rejects tampered, re-targeted, unsigned and foreign-secret requests', async () => {
        const url = `${hook.url}/sms/inbound?org=org_2`;
        const { externalId } = await ctx.vendor.deliverInbound(url, { from: patient(), to: ctx.from, body: 'R' });
        const req = asRequest(await hook.waitFor((r) => r.rawBody.includes(externalId)));
        expect(ctx.connector.verifyWebhook(req)).toBe(true);

        const bodyKey = Object.keys(req.params).find((k) => req.params[k] === 'R')!;
        expect(ctx.connector.verifyWebhook({ ...req, params: { ...req.params, [bodyKey]: 'C' } })).toBe(false);
        expect(ctx.connector.verifyWebhook({ ...req, params: { ...req.params, Injected: 'x' } })).toBe(false);
        expect(ctx.connector.verifyWebhook({ ...req, url: req.url.replace('org_2', 'org_3') })).toBe(false);
        expect(ctx.connector.verifyWebhook({ ...req, headers: {} })).toBe(false);
        expect(ctx.withWrongSecret().verifyWebhook(req)).toBe(false);
      });

      it('never throws on garbage', () => {
        const garbage: SmsWebhookRequest[] = [
          { url: '', params: {}, headers: {} },
          { url: 'not a url', params: { a: 'b' }, headers: { 'x-twilio-signature': ['a', 'b'], 'x-vapi-signature': 'zz' } },
          { url: `${hook.url}/x`, params: {}, headers: { 'x-twilio-signature': '%%%', 'x-vapi-signature': '', 'x-vapi-timestamp': 'nan' } },
        ];
        for (const g of garbage) expect(ctx.connector.verifyWebhook(g)).toBe(false);
      });

      it('classifies the standard opt-out / opt-in / help keywords', async () => {
        const url = `${hook.url}/sms/keywords`;
        for (const [body, keyword] of KEYWORDS) {
          const { externalId } = await ctx.vendor.deliverInbound(url, { from: patient(), to: ctx.from, body });
          const got = await hook.waitFor((r) => r.rawBody.includes(externalId));
          expect(ctx.connector.verifyWebhook(asRequest(got))).toBe(true);
          expect({ body, keyword: ctx.connector.parseInbound(got.params).keyword }).toEqual({ body, keyword });
        }
      });

      it('refuses to parse an inbound webhook without its required fields', () => {
        const err = (() => {
          try {
            ctx.connector.parseInbound({});
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        expect(err).toBeInstanceOf(ConnectorError);
        expect(err).toMatchObject({ code: 'invalid_request', retryable: false });
      });
    });

    describe('status callbacks', () => {
      const sendTracked = async (tag: string) => {
        const to = patient();
        const url = `${hook.url}/sms/status?m=${tag}`;
        const { externalId } = await ctx.connector.send({ from: ctx.from, to, body: `status test ${tag}`, statusCallbackUrl: url });
        return { externalId, to, url };
      };
      const nextStatus = async (externalId: string, status: SmsStatus, errorCode?: string) => {
        await ctx.vendor.deliverStatus(externalId, status, errorCode ? { errorCode } : {});
        const got = await hook.waitFor((r) => r.rawBody.includes(externalId) && r.url.includes('/sms/status'));
        expect(ctx.connector.verifyWebhook(asRequest(got))).toBe(true);
        return ctx.connector.parseStatus(got.params);
      };

      it('delivers signed sent/delivered callbacks to the status URL', async () => {
        const { externalId, to, url } = await sendTracked('ok');
        const sent = await nextStatus(externalId, 'sent');
        expect(sent).toEqual({ externalId, status: 'sent', errorCode: null, optedOut: false, to, from: ctx.from });
        const delivered = await nextStatus(externalId, 'delivered');
        expect(delivered.status).toBe('delivered');
        expect(hook.received.filter((r) => r.url === url)).toHaveLength(2);
      });

      it('carries the carrier error code of an undelivered message', async () => {
        const { externalId } = await sendTracked('undelivered');
        expect(await nextStatus(externalId, 'undelivered', '30003')).toMatchObject({ status: 'undelivered', errorCode: '30003', optedOut: false });
      });

      it('flags error 21610 in a status callback as an opt-out', async () => {
        const { externalId, to } = await sendTracked('optout');
        expect(await nextStatus(externalId, 'failed', '21610')).toMatchObject({ status: 'failed', errorCode: '21610', optedOut: true, to });
      });

      it('rejects a status callback signed for another URL', async () => {
        const { externalId } = await sendTracked('moved');
        await ctx.vendor.deliverStatus(externalId, 'sent');
        const got = await hook.waitFor((r) => r.rawBody.includes(externalId));
        expect(ctx.connector.verifyWebhook({ ...asRequest(got), url: `${hook.url}/sms/status?m=other` })).toBe(false);
      });
    });

    it('reports a working connection', async () => {
      expect(await ctx.connector.testConnection()).toMatchObject({ ok: true });
    });

    if (capabilities.vendorFailures) {
      it('marks vendor 5xx and 429 as retryable and 4xx as not', async () => {
        const send = () => ctx.connector.send({ from: ctx.from, to: patient(), body: 'hi' });
        ctx.failNext!(503);
        expect(await rejection(send())).toMatchObject({ code: 'vendor_unavailable', retryable: true, status: 503, connector: ctx.connector.id });
        ctx.failNext!(429);
        expect(await rejection(send())).toMatchObject({ code: 'rate_limited', retryable: true });
        ctx.failNext!(400);
        expect(await rejection(send())).toMatchObject({ code: 'invalid_request', retryable: false, status: 400 });
      });

      it('reports an outage from testConnection without throwing', async () => {
        ctx.failNext!(503);
        expect((await ctx.connector.testConnection()).ok).toBe(false);
      });
    }

    if (capabilities.credentials) {
      it('reports bad credentials as unauthorized, and testConnection fails without echoing the secret', async () => {
        const { connector, secret } = ctx.withBadCredentials!();
        const err = await rejection(connector.send({ from: ctx.from, to: patient(), body: 'hi' }));
        expect(err).toMatchObject({ code: 'unauthorized', retryable: false, status: 401 });
        const check = await connector.testConnection();
        expect(check.ok).toBe(false);
        expect(check.detail).not.toContain(secret);
      });
    }
  });
}
