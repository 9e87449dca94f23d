/**
 * Twilio SDK failures -> ConnectorError. The SDK throws RestException (`status` + Twilio's numeric
 * `code`) for any non-2xx answer and lets axios errors through when no answer arrived.
 */
import twilio from 'twilio';
import { ConnectorError, SMS_OPTED_OUT_VENDOR_CODE, connectorErrorFromStatus } from '@voxanne/connector-kit';

export const TWILIO = 'twilio';

/** axios error codes that mean our own deadline passed rather than the connection failing. */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

export function mapTwilioError(err: unknown, action: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof twilio.RestException) {
    const vendorCode = err.code !== undefined ? String(err.code) : undefined;
    const detail = err.message || `HTTP ${err.status}`;
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
      message: `twilio: ${action} failed: ${detail}${vendorCode ? ` (${vendorCode})` : ''}`,
      ...(vendorCode ? { vendorCode } : {}),
      cause: err,
    });
  }
  const e = err as { code?: unknown; message?: unknown; isAxiosError?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (typeof e?.code === 'string' && TIMEOUT_CODES.has(e.code)) {
    return new ConnectorError({ connector: TWILIO, code: 'timeout', message: `twilio: ${action} timed out`, cause: err });
  }
  if (e?.isAxiosError === true) {
    return new ConnectorError({ connector: TWILIO, code: 'network', message: `twilio: ${action} failed: ${message}`, cause: err });
  }
  return new ConnectorError({ connector: TWILIO, code: 'unknown', retryable: false, message: `twilio: ${action} failed: ${message}`, cause: err });
}
