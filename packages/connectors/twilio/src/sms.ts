/**
 * SmsConnector on Twilio Programmable Messaging, through the official `twilio` SDK. The SDK's own
 * 429 auto-retry stays off (its default): retries belong to the kit's resilience policy so they are
 * counted by the circuit breaker. Sends are never retried here either, because Twilio's Messages
 * API has no idempotency key and a retried timeout could text the patient twice.
 */
import twilio from 'twilio';
import {
  ConnectorError,
  assertE164,
  headerValue,
  toSmsStatus,
  type ConnectionCheck,
  type SmsConnector,
} from '@voxanne/connector-kit';
import { TWILIO, mapTwilioError } from './errors.ts';
import { parseTwilioInbound, parseTwilioStatus } from './webhook-params.ts';

export interface TwilioSmsSettings {
  /** AC... of the org's Twilio account (or subaccount). */
  accountSid: string;
  /** Authenticates API calls and is the key Twilio signs webhooks with. */
  authToken: string;
  /** Default https://api.twilio.com. Point at the fake in tests. */
  baseUrl?: string;
  /** Per HTTP request. Default 15 000. */
  timeoutMs?: number;
}

export const TWILIO_DEFAULT_BASE_URL = 'https://api.twilio.com';
export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';
/** Twilio's hard limit for one message body (it splits into segments up to this). */
export const TWILIO_MAX_BODY = 1600;

export function createTwilioSms(settings: TwilioSmsSettings): SmsConnector {
  const client = twilio(settings.accountSid, settings.authToken, {
    timeout: settings.timeoutMs ?? 15_000,
    autoRetry: false,
    // Pinned so the SDK never falls back to TWILIO_EDGE / TWILIO_REGION from the environment:
    // connectors take their configuration only from what they are given.
    edge: '',
    region: '',
    env: {},
  });
  // The Api domain's baseUrl is a public field; every resource we use (Messages, Accounts) hangs
  // off it, so this one assignment redirects the whole connector.
  client.api.baseUrl = settings.baseUrl ?? TWILIO_DEFAULT_BASE_URL;

  const call = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw mapTwilioError(e, action);
    }
  };
  const invalid = (message: string) => new ConnectorError({ connector: TWILIO, code: 'invalid_request', message: `twilio: ${message}` });

  return {
    id: TWILIO,

    async send(input) {
      assertE164(TWILIO, 'to', input.to);
      if (!input.from) throw invalid('from is required');
      if (!input.body.trim()) throw invalid('body is empty');
      if (input.body.length > TWILIO_MAX_BODY) throw invalid(`body exceeds ${TWILIO_MAX_BODY} characters`);
      const msg = await call('send message', () =>
        client.messages.create({
          from: input.from,
          to: input.to,
          body: input.body,
          ...(input.statusCallbackUrl ? { statusCallback: input.statusCallbackUrl } : {}),
        }),
      );
      if (!msg.sid) throw new ConnectorError({ connector: TWILIO, code: 'invalid_response', message: 'twilio: send returned no message sid' });
      return { externalId: msg.sid, status: toSmsStatus(msg.status) };
    },

    verifyWebhook({ url, params, headers }) {
      const signature = headerValue(headers, TWILIO_SIGNATURE_HEADER);
      if (!signature || !url) return false;
      try {
        // The SDK rebuilds Twilio's string-to-sign (URL + sorted name/value pairs), HMAC-SHA1s it
        // with the auth token and also accepts the URL with/without the default port.
        return twilio.validateRequest(settings.authToken, signature, url, params);
      } catch {
        return false;
      }
    },

    parseInbound: parseTwilioInbound,
    parseStatus: parseTwilioStatus,

    async testConnection(): Promise<ConnectionCheck> {
      try {
        const account = await call('fetch account', () => client.api.v2010.accounts(settings.accountSid).fetch());
        const label = account.friendlyName ? `"${account.friendlyName}"` : account.sid;
        if (account.status !== 'active') return { ok: false, detail: `Twilio account ${label} is ${account.status}` };
        return { ok: true, detail: `Twilio account ${label} is active` };
      } catch (e) {
        const err = e as ConnectorError;
        // Led by the code, like every connector's failed check: core tells an outage (retry later) from a
        // refusal (fix the credentials) by it.
        const why = err.code === 'unauthorized' ? 'Twilio rejected the account SID / auth token' : err.message;
        return { ok: false, detail: `${err.code}${err.status ? ` (HTTP ${err.status})` : ''}: ${why}` };
      }
    },
  };
}
