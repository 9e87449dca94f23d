/**
 * VapiError / VapiTimeoutError / anything else -> ConnectorError. The Fern-generated SDK throws
 * VapiError with a statusCode for HTTP failures and without one for network failures.
 */
import { VapiError, VapiTimeoutError } from '@vapi-ai/server-sdk';
import { ConnectorError, connectorErrorFromStatus, vendorMessageFromBody } from '@voxanne/connector-kit';

export const VAPI = 'vapi';

export function mapVapiError(err: unknown, action: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof VapiTimeoutError) {
    return new ConnectorError({ connector: VAPI, code: 'timeout', message: `vapi: ${action} timed out`, cause: err });
  }
  if (err instanceof VapiError) {
    const detail = vendorMessageFromBody(err.body) ?? (err.statusCode ? `HTTP ${err.statusCode}` : err.message);
    const body = err.body as { error?: unknown } | undefined;
    return connectorErrorFromStatus({
      connector: VAPI,
      status: err.statusCode,
      message: `vapi: ${action} failed: ${detail}`,
      ...(typeof body?.error === 'string' ? { vendorCode: body.error } : {}),
      cause: err,
    });
  }
  // Anything else escaping the SDK (e.g. fetch TypeError) means no usable response came back.
  return new ConnectorError({ connector: VAPI, code: 'network', message: `vapi: ${action} failed: ${(err as Error)?.message ?? String(err)}`, cause: err });
}
