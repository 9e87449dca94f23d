/**
 * The SMS outbox for embedded mode: `send` records the message in a store instead of texting a
 * phone, and a built-in simulator plays the patient (replies, delivery receipts) by POSTing signed
 * webhooks to our server. It mirrors Twilio's observable behaviour — a STOP reply blocks later
 * sends with error 21610, START lifts it — so core's opt-out and status paths run unchanged.
 *
 * Webhooks are signed with the kit's HMAC scheme over a canonical string of URL + sorted params:
 *   rawBody = `${url}\n${URLSearchParams(params sorted by name)}`
 * so, as with Twilio, both the target URL and every field are covered and the URL cannot be swapped.
 */
import { randomUUID } from 'node:crypto';
import {
  ConnectorError,
  SMS_OPTED_OUT_VENDOR_CODE,
  assertE164,
  signWebhook,
  smsKeyword,
  toSmsStatus,
  verifyWebhookSignature,
  type ConnectionCheck,
  type SmsConnector,
  type SmsStatus,
} from '@voxanne/connector-kit';
import { createMemorySmsOutbox, type LocalSmsMessage, type SmsOutboxStore } from './outbox-store.ts';

export const LOCAL_SMS = 'local-sms';

export type SmsDeliver = (req: { url: string; headers: Record<string, string>; body: string }) => Promise<{ status: number }>;

export interface LocalSmsSettings {
  /** Signs the simulator's webhooks and verifies incoming ones. */
  webhookSecret: string;
  /** Defaults to a fresh in-memory outbox. Pass core's store to persist and display messages. */
  store?: SmsOutboxStore;
  /** How simulated webhooks reach our server. Defaults to an HTTP POST with fetch. */
  deliver?: SmsDeliver;
}

export interface LocalSms extends SmsConnector {
  readonly store: SmsOutboxStore;
  /** A patient texts `to` (one of our numbers): records it, applies STOP/START, POSTs the signed webhook to `url`. */
  simulateInbound(url: string, msg: { from: string; to: string; body: string }): Promise<{ externalId: string; status: number }>;
  /** Moves an outbound message to `status` and POSTs the signed status callback to its statusCallbackUrl. */
  simulateStatus(externalId: string, status: SmsStatus, opts?: { errorCode?: string }): Promise<{ status: number }>;
  /** The headers this connector's verifyWebhook accepts for `url` + `params`. */
  signRequest(url: string, params: Record<string, string>): Record<string, string>;
}

const fetchDeliver: SmsDeliver = async ({ url, headers, body }) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  await res.body?.cancel();
  return { status: res.status };
};

/** The string the HMAC covers. Sorting makes it independent of form field order. */
export function canonicalSmsWebhook(url: string, params: Record<string, string>): string {
  const sorted = Object.keys(params)
    .sort()
    .map((k): [string, string] => [k, params[k] ?? '']);
  return `${url}\n${new URLSearchParams(sorted).toString()}`;
}

export function createLocalSms(settings: LocalSmsSettings): LocalSms {
  const store = settings.store ?? createMemorySmsOutbox();
  const deliver = settings.deliver ?? fetchDeliver;
  const fail = (code: 'invalid_request' | 'not_found', message: string) => new ConnectorError({ connector: LOCAL_SMS, code, message: `${LOCAL_SMS}: ${message}` });
  const gate = () => {
    const fault = store.takeFault?.(LOCAL_SMS);
    if (fault) throw fault;
  };
  const now = () => new Date().toISOString();

  const signRequest = (url: string, params: Record<string, string>) =>
    signWebhook({ secret: settings.webhookSecret, rawBody: canonicalSmsWebhook(url, params) });
  const post = (url: string, params: Record<string, string>) =>
    deliver({ url, headers: signRequest(url, params), body: new URLSearchParams(params).toString() });
  const required = (p: Record<string, string>, name: string) => {
    const v = p[name];
    if (!v) throw fail('invalid_request', `webhook has no ${name}`);
    return v;
  };

  return {
    id: LOCAL_SMS,
    store,

    async send(input) {
      gate();
      assertE164(LOCAL_SMS, 'to', input.to);
      if (!input.from) throw fail('invalid_request', 'from is required');
      if (!input.body.trim()) throw fail('invalid_request', 'body is empty');
      if (input.idempotencyKey) {
        const prior = await store.byIdempotencyKey(input.idempotencyKey);
        if (prior) return { externalId: prior.id, status: toSmsStatus(prior.status) };
      }
      if (await store.isBlocked(input.from, input.to)) {
        throw new ConnectorError({
          connector: LOCAL_SMS,
          code: 'recipient_opted_out',
          retryable: false,
          status: 400,
          vendorCode: SMS_OPTED_OUT_VENDOR_CODE,
          message: `${LOCAL_SMS}: recipient has opted out (21610)`,
        });
      }
      const m: LocalSmsMessage = {
        id: `lsms_${randomUUID()}`,
        direction: 'outbound',
        from: input.from,
        to: input.to,
        body: input.body,
        // Nothing further happens to it unless the simulator says so, so it is "sent" at once.
        status: 'sent',
        statusCallbackUrl: input.statusCallbackUrl ?? null,
        errorCode: null,
        idempotencyKey: input.idempotencyKey ?? null,
        createdAt: now(),
        updatedAt: now(),
      };
      await store.put(m);
      return { externalId: m.id, status: 'sent' };
    },

    verifyWebhook({ url, params, headers }) {
      try {
        return verifyWebhookSignature({ secret: settings.webhookSecret, rawBody: canonicalSmsWebhook(url, params), headers }).ok;
      } catch {
        return false;
      }
    },

    parseInbound(p) {
      const body = p.body ?? '';
      return { externalId: required(p, 'id'), from: required(p, 'from'), to: required(p, 'to'), body, keyword: smsKeyword(body) };
    },

    parseStatus(p) {
      const errorCode = p.errorCode || null;
      return {
        externalId: required(p, 'id'),
        status: toSmsStatus(p.status),
        errorCode,
        optedOut: errorCode === SMS_OPTED_OUT_VENDOR_CODE,
        to: p.to || null,
        from: p.from || null,
      };
    },

    async testConnection(): Promise<ConnectionCheck> {
      try {
        gate();
        return { ok: true, detail: 'Local SMS outbox: messages are stored, not sent to phones' };
      } catch (e) {
        return { ok: false, detail: `Local SMS outbox unavailable (${(e as ConnectorError).code})` };
      }
    },

    async simulateInbound(url, msg) {
      const id = `lsms_${randomUUID()}`;
      await store.put({
        id,
        direction: 'inbound',
        from: msg.from,
        to: msg.to,
        body: msg.body,
        status: 'received',
        statusCallbackUrl: null,
        errorCode: null,
        idempotencyKey: null,
        createdAt: now(),
        updatedAt: now(),
      });
      const keyword = smsKeyword(msg.body);
      if (keyword === 'STOP' || keyword === 'START') await store.setBlocked(msg.to, msg.from, keyword === 'STOP');
      const res = await post(url, { id, from: msg.from, to: msg.to, body: msg.body });
      return { externalId: id, status: res.status };
    },

    async simulateStatus(externalId, status, opts = {}) {
      const m = await store.get(externalId);
      if (!m || m.direction !== 'outbound') throw fail('not_found', `no outbound message ${externalId}`);
      if (!m.statusCallbackUrl) throw fail('invalid_request', `message ${externalId} has no status callback URL`);
      await store.put({ ...m, status, errorCode: opts.errorCode ?? m.errorCode, updatedAt: now() });
      return post(m.statusCallbackUrl, {
        id: m.id,
        status,
        from: m.from,
        to: m.to,
        ...(opts.errorCode ? { errorCode: opts.errorCode } : {}),
      });
    },

    signRequest,
  };
}
