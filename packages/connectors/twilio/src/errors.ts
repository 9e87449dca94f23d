/**
 * Twilio SDK failures -> ConnectorError. The SDK throws RestException (`status` + Twilio's numeric
 * `code`) for any non-2xx answer and lets axios errors through when no answer arrived.
 *
 * Twilio's error texts quote the numbers involved ("The 'To' number +1... is not a valid phone number"),
 * and a ConnectorError message ends up in logs, job failure records and API answers. So the message is
 * built from the code and the HTTP status only, plus our own wording for codes we know; Twilio's text
 * never leaves this file (it stays reachable on `cause` for a debugger, which nothing serialises).
 */
import twilio from 'twilio';
import { ConnectorError, SMS_OPTED_OUT_VENDOR_CODE, connectorErrorFromStatus } from '@voxanne/connector-kit';

export const TWILIO = 'twilio';

/** axios error codes that mean our own deadline passed rather than the connection failing. */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** Our own description of the codes a clinic is likely to meet (https://www.twilio.com/docs/api/errors). */
const KNOWN_CODES: Record<string, string> = {
  '20003': 'authentication failed',
  '20404': 'resource not found',
  '20429': 'too many requests',
  '21211': "the 'To' number is not a valid phone number",
  '21408': 'sending to this region is not enabled',
  '21602': 'the message body is required',
  '21603': "a 'From' number is required",
  '21604': "a 'To' number is required",
  '21606': "the 'From' number is not an SMS-capable number of this account",
  '21608': 'a trial account can only send to verified numbers',
  '21609': 'the status callback URL is invalid',
  '21610': 'the recipient has opted out',
  '21612': "the 'To' number cannot be reached from the 'From' number",
  '21614': "the 'To' number is not a mobile number",
  '21617': 'the message body is too long',
  '30007': 'the carrier filtered the message',
};

/** `HTTP 400, Twilio 21211: the 'To' number is not a valid phone number`: nothing Twilio wrote. */
export function describeTwilioFailure(status: number | undefined, vendorCode: string | undefined): string {
  const parts = [status ? `HTTP ${status}` : 'no HTTP status', ...(vendorCode ? [`Twilio ${vendorCode}`] : [])];
  const known = vendorCode ? KNOWN_CODES[vendorCode] : undefined;
  return `${parts.join(', ')}${known ? `: ${known}` : ''}`;
}

export function mapTwilioError(err: unknown, action: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof twilio.RestException) {
    const vendorCode = err.code !== undefined ? String(err.code) : undefined;
    if (vendorCode === SMS_OPTED_OUT_VENDOR_CODE) {
      // A 400 like any other, but core must record the opt-out and never retry or re-send.
      return new ConnectorError({
        connector: TWILIO,
        code: 'recipient_opted_out',
        retryable: false,
        status: err.status,
        vendorCode,
        message: `twilio: ${action} refused: recipient has opted out (21610)`,
        cause: err,
      });
    }
    return connectorErrorFromStatus({
      connector: TWILIO,
      status: err.status,
      message: `twilio: ${action} failed: ${describeTwilioFailure(err.status, vendorCode)}`,
      ...(vendorCode ? { vendorCode } : {}),
      cause: err,
    });
  }
  const e = err as { code?: unknown; isAxiosError?: unknown } | undefined;
  // Transport errors carry host and port, never message content; still, only their code is kept.
  const transport = typeof e?.code === 'string' ? e.code : 'no response';
  if (typeof e?.code === 'string' && TIMEOUT_CODES.has(e.code)) {
    return new ConnectorError({ connector: TWILIO, code: 'timeout', message: `twilio: ${action} timed out`, cause: err });
  }
  if (e?.isAxiosError === true) {
    return new ConnectorError({ connector: TWILIO, code: 'network', message: `twilio: ${action} failed: ${transport}`, cause: err });
  }
  return new ConnectorError({ connector: TWILIO, code: 'unknown', retryable: false, message: `twilio: ${action} failed unexpectedly`, cause: err });
}
