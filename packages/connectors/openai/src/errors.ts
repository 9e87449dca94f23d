/** OpenAI SDK errors -> ConnectorError. */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ConnectorError, connectorErrorFromStatus } from '@voxanne/connector-kit';

export const OPENAI = 'openai';

export function mapOpenAiError(err: unknown, action: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  // Order matters: the timeout and abort classes are subclasses of APIConnectionError / APIError.
  if (err instanceof APIConnectionTimeoutError || err instanceof APIUserAbortError) {
    return new ConnectorError({ connector: OPENAI, code: 'timeout', message: `openai: ${action} timed out`, cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new ConnectorError({ connector: OPENAI, code: 'network', message: `openai: ${action} failed: ${err.message}`, cause: err });
  }
  if (err instanceof APIError) {
    const vendorCode = typeof err.code === 'string' ? err.code : typeof err.type === 'string' ? err.type : undefined;
    const inner = (err.error as { message?: unknown } | undefined)?.message;
    return connectorErrorFromStatus({
      connector: OPENAI,
      status: err.status,
      message: `openai: ${action} failed: ${typeof inner === 'string' ? inner : err.message}`,
      ...(vendorCode ? { vendorCode } : {}),
      cause: err,
    });
  }
  return new ConnectorError({
    connector: OPENAI,
    code: 'invalid_response',
    message: `openai: ${action} failed: ${(err as Error)?.message ?? String(err)}`,
    cause: err,
  });
}
