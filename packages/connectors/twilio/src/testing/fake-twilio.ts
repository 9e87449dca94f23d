/**
 * A fake Twilio: the REST resources the connector uses (Messages.json, the Account) with HTTP Basic
 * auth and Twilio's error bodies and codes, plus the other direction — inbound-message and status
 * callback webhooks POSTed and signed exactly as Twilio does. Keyword handling follows Twilio's
 * default opt-out behaviour: a STOP reply blocks that sender/recipient pair (later sends get
 * 21610) and is still forwarded to the webhook; START/UNSTOP/YES lift the block.
 */
import { randomBytes } from 'node:crypto';
import { smsKeyword, type SmsStatus } from '@voxanne/connector-kit';
import { requestHeader, startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '@voxanne/connector-kit/testing';
import { postTwilioWebhook, type TwilioDelivery } from './sign.ts';

export interface FakeTwilioOptions {
  /** Default 'AC' + 32 hex digits, fixed so tests can print it. */
  accountSid?: string;
  authToken?: string;
  /** Numbers this account owns; sending from anything else fails with 21606. Default ['+15005550006']. */
  numbers?: string[];
  /** Add `OptOutType` to inbound webhooks, as Twilio does when Advanced Opt-Out is on. */
  advancedOptOut?: boolean;
  /** Account status reported by GET /Accounts/{sid}.json. Default 'active'. */
  accountStatus?: 'active' | 'suspended' | 'closed';
}

export interface FakeTwilioMessage {
  sid: string;
  direction: 'outbound-api' | 'inbound';
  from: string;
  to: string;
  body: string;
  status: SmsStatus | 'received';
  statusCallback: string | null;
  errorCode: number | null;
  dateCreated: string;
}

export interface FakeTwilio {
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly http: FakeServer;
  /** Every message, outbound and inbound, by sid. */
  readonly messages: Map<string, FakeTwilioMessage>;
  readonly numbers: Set<string>;
  /** Blocks `recipient` from every sender (or only from `sender`), like an earlier STOP. */
  optOut(recipient: string, sender?: string): void;
  isBlocked(sender: string, recipient: string): boolean;
  failNext(status: number, times?: number, body?: unknown): void;
  /** A patient texts one of our numbers: records it, applies keyword handling, POSTs the signed webhook to `url`. */
  sendInbound(url: string, msg: { from: string; to: string; body: string }): Promise<TwilioDelivery & { sid: string }>;
  /** Moves an outbound message to `status` and POSTs the signed status callback to its StatusCallback (or `url`). */
  sendStatus(sid: string, status: SmsStatus, opts?: { errorCode?: string; url?: string }): Promise<TwilioDelivery>;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const API = '2010-04-01';

const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');

/** Twilio's REST error body: `{ code, message, more_info, status }`. */
function twilioError(status: number, code: number, message: string): FakeReply {
  return { status, json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

function basicAuth(req: FakeRequest): { user: string; pass: string } | undefined {
  const m = /^Basic\s+(.+)$/i.exec(requestHeader(req, 'authorization') ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}

const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

export async function startFakeTwilio(opts: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const accountSid = opts.accountSid ?? 'AC0123456789abcdef0123456789abcdef';
  const authToken = opts.authToken ?? 'twilio-test-auth-token';
  const numbers = new Set(opts.numbers ?? ['+15005550006']);
  const messages = new Map<string, FakeTwilioMessage>();
  // `${sender}|${recipient}` pairs, and recipients blocked from every sender.
  const blockedPairs = new Set<string>();
  const blockedEverywhere = new Set<string>();

  const http = await startFakeServer({
    authorize: (req) => {
      const auth = basicAuth(req);
      return auth?.user === accountSid && auth.pass === authToken ? undefined : twilioError(401, 20003, 'Authenticate');
    },
  });

  const isBlocked = (sender: string, recipient: string) => blockedEverywhere.has(recipient) || blockedPairs.has(`${sender}|${recipient}`);
  const form = (req: FakeRequest) => new URLSearchParams(req.rawBody);
  const accountPath = (path: string) => `/${API}/Accounts/:accountSid${path}`;
  const wrongAccount = (req: FakeRequest) =>
    req.params.accountSid !== accountSid ? twilioError(404, 20404, `The requested resource /${API}/Accounts/${req.params.accountSid} was not found`) : undefined;

  const messageJson = (m: FakeTwilioMessage) => ({
    sid: m.sid,
    account_sid: accountSid,
    api_version: API,
    direction: m.direction,
    from: m.from,
    to: m.to,
    body: m.body,
    status: m.status,
    num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
    num_media: '0',
    error_code: m.errorCode,
    error_message: null,
    price: null,
    price_unit: 'USD',
    messaging_service_sid: null,
    date_created: m.dateCreated,
    date_updated: m.dateCreated,
    date_sent: null,
    uri: `/${API}/Accounts/${accountSid}/Messages/${m.sid}.json`,
    subresource_uris: { media: `/${API}/Accounts/${accountSid}/Messages/${m.sid}/Media.json` },
  });

  http.route('POST', accountPath('/Messages.json'), (req) => {
    const denied = wrongAccount(req);
    if (denied) return denied;
    const f = form(req);
    const to = f.get('To') ?? '';
    const from = f.get('From') ?? '';
    const body = f.get('Body') ?? '';
    const statusCallback = f.get('StatusCallback');
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!numbers.has(from)) {
      return twilioError(400, 21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`);
    }
    if (!body) return twilioError(400, 21602, 'Message body is required.');
    if (body.length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (statusCallback !== null && !/^https?:\/\//.test(statusCallback)) return twilioError(400, 21609, 'Invalid StatusCallback url');
    if (isBlocked(from, to)) return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
    const m: FakeTwilioMessage = {
      sid: sid('SM'),
      direction: 'outbound-api',
      from,
      to,
      body,
      status: 'queued',
      statusCallback,
      errorCode: null,
      dateCreated: rfc2822(new Date()),
    };
    messages.set(m.sid, m);
    return { status: 201, json: messageJson(m) };
  });

  // The kit router matches whole segments only, so `{Sid}.json` is captured whole and trimmed.
  const jsonSid = (seg: string | undefined) => (seg ?? '').replace(/\.json$/, '');

  http.route('GET', accountPath('/Messages/:messageFile'), (req) => {
    const m = messages.get(jsonSid(req.params.messageFile));
    return wrongAccount(req) ?? (m ? { json: messageJson(m) } : twilioError(404, 20404, 'The requested resource was not found'));
  });

  http.route('GET', `/${API}/Accounts/:accountFile`, (req) =>
    wrongAccount({ ...req, params: { accountSid: jsonSid(req.params.accountFile) } }) ?? {
      json: {
        sid: accountSid,
        owner_account_sid: accountSid,
        friendly_name: 'Bright Smile Dental',
        status: opts.accountStatus ?? 'active',
        type: 'Full',
        date_created: rfc2822(new Date(Date.UTC(2024, 0, 2))),
        date_updated: rfc2822(new Date(Date.UTC(2024, 0, 2))),
        uri: `/${API}/Accounts/${accountSid}.json`,
      },
    },
  );

  const applyKeyword = (patient: string, ours: string, body: string) => {
    const k = smsKeyword(body);
    if (k === 'STOP') blockedPairs.add(`${ours}|${patient}`);
    if (k === 'START') {
      blockedPairs.delete(`${ours}|${patient}`);
      blockedEverywhere.delete(patient);
    }
    return k;
  };

  return {
    url: http.url,
    accountSid,
    authToken,
    http,
    messages,
    numbers,
    optOut(recipient, sender) {
      if (sender) blockedPairs.add(`${sender}|${recipient}`);
      else blockedEverywhere.add(recipient);
    },
    isBlocked,
    failNext(status, times = 1, body) {
      http.failNext(status, times, body ?? { code: 20500, message: 'Internal Server Error', more_info: 'https://www.twilio.com/docs/errors/20500', status });
    },
    async sendInbound(url, msg) {
      const m: FakeTwilioMessage = {
        sid: sid('SM'),
        direction: 'inbound',
        from: msg.from,
        to: msg.to,
        body: msg.body,
        status: 'received',
        statusCallback: null,
        errorCode: null,
        dateCreated: rfc2822(new Date()),
      };
      messages.set(m.sid, m);
      const keyword = applyKeyword(msg.from, msg.to, msg.body);
      const params: Record<string, string> = {
        ToCountry: 'US',
        ToState: 'NY',
        SmsMessageSid: m.sid,
        NumMedia: '0',
        ToCity: '',
        FromZip: '10001',
        SmsSid: m.sid,
        FromState: 'NY',
        SmsStatus: 'received',
        FromCity: 'NEW YORK',
        Body: msg.body,
        FromCountry: 'US',
        To: msg.to,
        ToZip: '',
        NumSegments: '1',
        MessageSid: m.sid,
        AccountSid: accountSid,
        From: msg.from,
        ApiVersion: API,
        ...(opts.advancedOptOut && keyword ? { OptOutType: keyword } : {}),
      };
      return { sid: m.sid, ...(await postTwilioWebhook(url, params, authToken)) };
    },
    async sendStatus(messageSid, status, o = {}) {
      const m = messages.get(messageSid);
      if (!m) throw new Error(`fake twilio: no message ${messageSid}`);
      const url = o.url ?? m.statusCallback;
      if (!url) throw new Error(`fake twilio: message ${messageSid} has no StatusCallback`);
      m.status = status;
      if (o.errorCode) m.errorCode = Number(o.errorCode);
      const params: Record<string, string> = {
        SmsSid: m.sid,
        SmsStatus: status,
        MessageStatus: status,
        To: m.to,
        MessageSid: m.sid,
        AccountSid: accountSid,
        From: m.from,
        ApiVersion: API,
        ...(o.errorCode ? { ErrorCode: o.errorCode } : {}),
        ...(status === 'delivered' || status === 'undelivered' ? { RawDlrDoneDate: '2501011200' } : {}),
      };
      return postTwilioWebhook(url, params, authToken);
    },
    close: () => http.close(),
  };
}
