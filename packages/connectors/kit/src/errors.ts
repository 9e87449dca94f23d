/**
 * The one error type every connector throws. Core decides what to do with a failed vendor call
 * (retry the job, show "reconnect your account", open the breaker) from `code` and `retryable`
 * alone, so no vendor SDK error class ever has to leak out of a connector package.
 */

/** Stable, vendor-neutral reason codes. Vendor-specific detail goes in `vendorCode`. */
export type ConnectorErrorCode =
  | 'unauthorized' // bad or revoked credentials (401)
  | 'forbidden' // credentials valid but not allowed (403)
  | 'not_found' // the vendor has no such resource (404, or a vendor "x_not_found" code)
  | 'invalid_request' // the vendor rejected our input (400, 422, other 4xx)
  | 'conflict' // 409
  | 'rate_limited' // 429
  | 'timeout' // 408, client-side timeout, or an aborted request
  | 'vendor_unavailable' // 5xx
  | 'network' // no HTTP response at all (connection refused/reset, DNS)
  | 'circuit_open' // our breaker is open for this vendor; no request was sent
  | 'invalid_response' // the vendor answered 2xx with something we cannot use
  | 'unsupported' // the connector cannot do what was asked (e.g. a voice provider it has no mapping for)
  | 'recipient_opted_out' // SMS: the recipient replied STOP at the vendor (Twilio 21610); never retry
  | 'sync_token_expired' // calendar: the incremental sync token was invalidated (Google 410); do a full resync
  | 'unknown';

export interface ConnectorErrorOptions {
  connector: string;
  code: ConnectorErrorCode;
  message: string;
  /** Defaults to what `code` implies (see RETRYABLE_CODES). */
  retryable?: boolean;
  status?: number;
  vendorCode?: string;
  cause?: unknown;
}

/** Codes that describe a transient condition: the same call may succeed later. */
const RETRYABLE_CODES: ReadonlySet<ConnectorErrorCode> = new Set([
  'rate_limited',
  'timeout',
  'vendor_unavailable',
  'network',
  'circuit_open',
]);

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly connector: string;
  readonly code: ConnectorErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly vendorCode?: string;

  constructor(opts: ConnectorErrorOptions) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.connector = opts.connector;
    this.code = opts.code;
    this.retryable = opts.retryable ?? RETRYABLE_CODES.has(opts.code);
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.vendorCode !== undefined) this.vendorCode = opts.vendorCode;
  }

  /** Safe to log and to store: no cause chain, no vendor body. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      connector: this.connector,
      code: this.code,
      retryable: this.retryable,
      status: this.status,
      vendorCode: this.vendorCode,
      message: this.message,
    };
  }
}

export function isConnectorError(err: unknown): err is ConnectorError {
  return err instanceof ConnectorError;
}

/**
 * HTTP status -> neutral code. `undefined` means no response arrived (network failure).
 * 408, 429 and 5xx are transient; every other 4xx is our fault and retrying cannot help.
 */
export function classifyHttpStatus(status: number | undefined): { code: ConnectorErrorCode; retryable: boolean } {
  if (status === undefined || status === 0) return { code: 'network', retryable: true };
  if (status === 408) return { code: 'timeout', retryable: true };
  if (status === 429) return { code: 'rate_limited', retryable: true };
  if (status >= 500) return { code: 'vendor_unavailable', retryable: true };
  if (status === 401) return { code: 'unauthorized', retryable: false };
  if (status === 403) return { code: 'forbidden', retryable: false };
  if (status === 404) return { code: 'not_found', retryable: false };
  if (status === 409) return { code: 'conflict', retryable: false };
  if (status >= 400) return { code: 'invalid_request', retryable: false };
  // A 1xx/2xx/3xx reaching error handling means the SDK could not use the answer.
  return { code: 'invalid_response', retryable: false };
}

/** Builds a ConnectorError from an HTTP status, the usual case when mapping an SDK error. */
export function connectorErrorFromStatus(opts: {
  connector: string;
  status: number | undefined;
  message: string;
  vendorCode?: string;
  cause?: unknown;
}): ConnectorError {
  const { code, retryable } = classifyHttpStatus(opts.status);
  return new ConnectorError({
    connector: opts.connector,
    code,
    retryable,
    message: opts.message,
    ...(opts.status ? { status: opts.status } : {}),
    ...(opts.vendorCode !== undefined ? { vendorCode: opts.vendorCode } : {}),
    ...(opts.cause !== undefined ? { cause: opts.cause } : {}),
  });
}

/**
 * Pulls a human-readable message out of the error bodies vendors send:
 * `{message}`, `{message: [..]}` (Vapi validation), `{error: {message}}` (OpenAI),
 * `{detail: {message}}` / `{detail: "..."}` (ElevenLabs, FastAPI style).
 */
export function vendorMessageFromBody(body: unknown): string | undefined {
  if (typeof body === 'string') return body.slice(0, 500) || undefined;
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const pick = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('; ');
    return undefined;
  };
  const nested = (v: unknown): string | undefined =>
    v && typeof v === 'object' ? pick((v as Record<string, unknown>).message) : pick(v);
  return pick(b.message) ?? nested(b.error) ?? nested(b.detail);
}
