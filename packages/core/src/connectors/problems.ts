import { isConnectorError, type ConnectorError } from '@voxanne/connector-kit';
import { ApiError } from '../platform/errors.ts';

const VENDOR_NAMES: Record<string, string> = {
  vapi: 'Vapi',
  simulator: 'The call simulator',
  elevenlabs: 'ElevenLabs',
  openai: 'OpenAI',
  'local-tts': 'The local voice',
  twilio: 'Twilio',
  'google-calendar': 'Google Calendar',
};

const vendorName = (c: string) => VENDOR_NAMES[c] ?? c;

/**
 * A failed synchronous vendor call -> the problem the client sees. Outages are 502/503 with stable codes;
 * refusals of our input or credentials are 422 (the client can fix them). 5xx details never echo the
 * vendor's message, which we do not control.
 */
export function connectorProblem(err: ConnectorError, retryAfterSeconds: number): ApiError {
  const vendor = vendorName(err.connector);
  const extra = { connector: err.connector, ...(err.status ? { vendor_status: err.status } : {}) };
  switch (err.code) {
    case 'circuit_open':
      return new ApiError(503, 'circuit_open', `${vendor} failed repeatedly; calls to it are paused. Try again shortly.`, extra, {
        'Retry-After': String(retryAfterSeconds),
      });
    case 'rate_limited':
      return new ApiError(503, 'vendor_rate_limited', `${vendor} is rate limiting this org. Try again shortly.`, extra, { 'Retry-After': '5' });
    case 'vendor_unavailable':
    case 'network':
      return new ApiError(502, 'vendor_unavailable', `${vendor} is unavailable right now.`, extra);
    case 'timeout':
      return new ApiError(502, 'vendor_timeout', `${vendor} did not answer in time.`, extra);
    case 'unauthorized':
    case 'forbidden':
      return new ApiError(422, 'integration_rejected', `${vendor} refused the stored credentials. Update the integration.`, extra);
    case 'not_found':
      return new ApiError(422, 'vendor_not_found', err.message, extra);
    case 'invalid_request':
    case 'conflict':
      return new ApiError(422, 'vendor_rejected', err.message, extra);
    case 'unsupported':
      return new ApiError(422, 'unsupported_by_connector', err.message, extra);
    default:
      return new ApiError(502, 'vendor_error', `${vendor} gave an answer we could not use.`, extra);
  }
}

/** Rethrow helper: ConnectorErrors become problems, anything else passes through untouched. */
export function asProblem(err: unknown, retryAfterSeconds: number): unknown {
  return isConnectorError(err) ? connectorProblem(err, retryAfterSeconds) : err;
}
