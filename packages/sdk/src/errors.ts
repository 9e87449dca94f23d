import type { Problem } from './generated/types.gen.js';

export type FieldError = NonNullable<Problem['errors']>[number];

export interface VoxanneErrorInit {
  status?: number;
  code: string;
  detail?: string;
  title?: string;
  requestId?: string;
  errors?: FieldError[];
  headers?: Headers;
  problem?: Problem;
  cause?: unknown;
}

/** Every error the SDK throws. `code` is the stable machine code of the API's problem+json body. */
export class VoxanneError extends Error {
  override name = 'VoxanneError';
  /** HTTP status; undefined when no response arrived (connection errors, timeouts). */
  readonly status: number | undefined;
  readonly code: string;
  readonly detail: string | undefined;
  readonly title: string | undefined;
  readonly requestId: string | undefined;
  /** Per-field problems of a validation failure (`path`, `message`). */
  readonly errors: FieldError[];
  readonly headers: Headers | undefined;
  /** The problem body as the API sent it. */
  readonly problem: Problem | undefined;

  constructor(message: string, init: VoxanneErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.title = init.title;
    this.requestId = init.requestId;
    this.errors = init.errors ?? [];
    this.headers = init.headers;
    this.problem = init.problem;
  }
}

/** 400: the request broke the contract (`validation_failed`, `malformed_json`, `invalid_cursor` ...). */
export class ValidationError extends VoxanneError {
  override name = 'ValidationError';
}
/** 401: no credential, or a wrong, revoked or expired one. */
export class AuthenticationError extends VoxanneError {
  override name = 'AuthenticationError';
}
/** 403: authenticated but not allowed (role, key scope, CSRF). */
export class PermissionError extends VoxanneError {
  override name = 'PermissionError';
}
/** 404: no such resource, or one in an org the caller cannot see. */
export class NotFoundError extends VoxanneError {
  override name = 'NotFoundError';
}
/** 409: the request conflicts with current state, or reuses an Idempotency-Key with another body. */
export class ConflictError extends VoxanneError {
  override name = 'ConflictError';
}
/** 429: rate limited or throttled. */
export class RateLimitError extends VoxanneError {
  override name = 'RateLimitError';
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;
  constructor(message: string, init: VoxanneErrorInit & { retryAfter?: number }) {
    super(message, init);
    this.retryAfter = init.retryAfter;
  }
}
/** 5xx: the server failed. Safe requests and POSTs (idempotency key) were already retried. */
export class InternalServerError extends VoxanneError {
  override name = 'InternalServerError';
}
/** No response: DNS, refused connection, reset socket, CORS rejection in a browser. */
export class ApiConnectionError extends VoxanneError {
  override name = 'ApiConnectionError';
}
/** No complete response within `timeoutMs`. */
export class TimeoutError extends ApiConnectionError {
  override name = 'TimeoutError';
}
/** A webhook whose headers, timestamp or signature do not check out. Answer it with a 4xx. */
export class WebhookVerificationError extends VoxanneError {
  override name = 'WebhookVerificationError';
}

const BY_STATUS: Record<number, typeof VoxanneError> = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
};

function parseProblem(text: string): Partial<Problem> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Partial<Problem>) : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a non-2xx response to its typed error. Bodies that are not problem+json (a proxy's HTML) still map by status. */
export function errorFromResponse(response: Response, bodyText: string, retryAfterSeconds?: number): VoxanneError {
  const status = response.status;
  const problem = parseProblem(bodyText);
  const code = typeof problem?.code === 'string' ? problem.code : `http_${status}`;
  const detail = typeof problem?.detail === 'string' ? problem.detail : undefined;
  const errors = Array.isArray(problem?.errors) ? problem.errors : [];
  const fields = errors.map((e) => `${e.path} ${e.message}`).join('; ');
  const message = `${status} ${code}: ${detail ?? (response.statusText || 'request failed')}${fields ? ` (${fields})` : ''}`;
  const init: VoxanneErrorInit = {
    status,
    code,
    detail,
    title: typeof problem?.title === 'string' ? problem.title : undefined,
    requestId: (typeof problem?.request_id === 'string' ? problem.request_id : undefined) ?? response.headers.get('x-request-id') ?? undefined,
    errors,
    headers: response.headers,
    problem: problem && typeof problem.code === 'string' ? (problem as Problem) : undefined,
  };
  if (status === 429) return new RateLimitError(message, { ...init, retryAfter: retryAfterSeconds });
  if (status >= 500) return new InternalServerError(message, init);
  const Known = BY_STATUS[status] ?? VoxanneError;
  return new Known(message, init);
}
