/**
 * gaxios/google-auth-library failures -> ConnectorError. Two error body shapes arrive here:
 *  - Calendar API: `{ error: { code, message, errors: [{ domain, reason }] } }`
 *  - OAuth token endpoint: `{ error: 'invalid_grant', error_description }`
 * Errors are duck-typed: googleapis-common and google-auth-library may load different gaxios copies.
 */
import { ConnectorError, connectorErrorFromStatus } from '@voxanne/connector-kit';

export const GOOGLE_CALENDAR = 'google-calendar';

interface GaxiosLike {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  config?: unknown;
  response?: { status?: number; data?: unknown };
}

// Google answers quota exhaustion with 403, not 429; it is transient all the same.
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError', 'ETIMEDOUT']);
// OAuth errors that mean the stored refresh token (or our client) is no good: the org must reconnect.
const OAUTH_AUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

export function googleErrorInfo(err: unknown): { status?: number; reason?: string; oauthError?: string; message?: string } {
  const e = (err ?? {}) as GaxiosLike;
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : undefined);
  const data = e.response?.data as { error?: unknown; error_description?: unknown } | undefined;
  if (data && typeof data.error === 'string') {
    return { ...(status !== undefined ? { status } : {}), oauthError: data.error, message: typeof data.error_description === 'string' ? data.error_description : data.error };
  }
  const apiError = data?.error as { message?: unknown; errors?: { reason?: unknown }[] } | undefined;
  const reason = apiError?.errors?.[0]?.reason;
  const message = typeof apiError?.message === 'string' ? apiError.message : typeof e.message === 'string' ? e.message : undefined;
  return {
    ...(status !== undefined ? { status } : {}),
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(message !== undefined ? { message } : {}),
  };
}

export function mapGoogleError(err: unknown, action: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const { status, reason, oauthError, message } = googleErrorInfo(err);
  const base = { connector: GOOGLE_CALENDAR, cause: err };
  if (status !== undefined) {
    const text = `google-calendar: ${action} failed: ${message ?? `HTTP ${status}`}`;
    if (oauthError && status < 500 && OAUTH_AUTH_ERRORS.has(oauthError)) {
      return new ConnectorError({ ...base, code: 'unauthorized', retryable: false, status, vendorCode: oauthError, message: text });
    }
    if (status === 403 && reason && RATE_LIMIT_REASONS.has(reason)) {
      return new ConnectorError({ ...base, code: 'rate_limited', retryable: true, status, vendorCode: reason, message: text });
    }
    const vendorCode = oauthError ?? reason;
    return connectorErrorFromStatus({ ...base, status, message: text, ...(vendorCode ? { vendorCode } : {}) });
  }
  const code = (err as GaxiosLike | undefined)?.code;
  // gaxios enforces `timeout` with an AbortSignal; depending on the fetch underneath, the abort shows
  // up as the error's code or only as its cause's name. We pass no other signal, so abort = timeout.
  const causeName = ((err as { cause?: { name?: unknown } } | undefined)?.cause?.name as string | undefined) ?? '';
  if (TIMEOUT_NAMES.has(String(code)) || TIMEOUT_NAMES.has(causeName)) {
    return new ConnectorError({ ...base, code: 'timeout', message: `google-calendar: ${action} timed out` });
  }
  // A gaxios error (it carries its request config) without a response: the request never got an answer.
  if ((err as GaxiosLike | undefined)?.config !== undefined) {
    return new ConnectorError({ ...base, code: 'network', message: `google-calendar: ${action} failed: ${message ?? String(code)}` });
  }
  return new ConnectorError({ ...base, code: 'unknown', retryable: false, message: `google-calendar: ${action} failed: ${message ?? String(err)}` });
}
