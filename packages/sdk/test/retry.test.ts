import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, retryDelay, MAX_RETRY_DELAY_MS } from '../src/retry.ts';
import { ApiConnectionError, ConflictError, InternalServerError, RateLimitError, TimeoutError, ValidationError, type VoxanneError } from '../src/index.ts';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);

function httpError<E extends VoxanneError>(Kind: new (m: string, i: { status: number; code: string; headers: Headers }) => E, status: number, code: string, headers: Record<string, string> = {}): E {
  return new Kind('x', { status, code, headers: new Headers(headers) });
}

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 2 ', now)).toBe(2000);
  });

  it('reads an HTTP date relative to now, and a past date as "now"', () => {
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(new Date(now - 60_000).toUTCString(), now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt, caps, and jitters down by at most a quarter', () => {
    const none = () => 0;
    const most = () => 1;
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, none))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(0, most)).toBe(375);
    expect(backoffDelay(10, most)).toBe(MAX_RETRY_DELAY_MS * 0.75);
  });
});

describe('retryDelay', () => {
  const noJitter = () => 0;

  it('retries 429 for every method, honouring Retry-After', () => {
    const err = httpError(RateLimitError, 429, 'rate_limited', { 'retry-after': '3' });
    for (const m of ['GET', 'POST', 'PATCH', 'DELETE']) expect(retryDelay(err, m, 0)).toBe(3000);
  });

  it('does not wait out a Retry-After beyond a minute: the caller decides', () => {
    expect(retryDelay(httpError(RateLimitError, 429, 'rate_limited', { 'retry-after': '120' }), 'GET', 0)).toBeUndefined();
  });

  it('retries 5xx and connection failures only for repeatable methods (POST has its idempotency key)', () => {
    const server = httpError(InternalServerError, 503, 'unavailable');
    const network = new ApiConnectionError('x', { code: 'connection_error' });
    const timeout = new TimeoutError('x', { code: 'timeout' });
    for (const err of [server, network, timeout]) {
      expect(retryDelay(err, 'GET', 1, noJitter)).toBe(1000);
      expect(retryDelay(err, 'POST', 0, noJitter)).toBe(500);
      expect(retryDelay(err, 'DELETE', 0, noJitter)).toBe(500);
      expect(retryDelay(err, 'PATCH', 0, noJitter)).toBeUndefined();
    }
    expect(retryDelay(httpError(InternalServerError, 501, 'not_implemented'), 'GET', 0)).toBeUndefined();
  });

  it('retries a POST whose idempotency key is still being processed, and no other conflict', () => {
    expect(retryDelay(httpError(ConflictError, 409, 'idempotency_request_in_progress', { 'retry-after': '1' }), 'POST', 0)).toBe(1000);
    expect(retryDelay(httpError(ConflictError, 409, 'idempotency_key_reused'), 'POST', 0)).toBeUndefined();
  });

  it('never retries a client error', () => {
    expect(retryDelay(httpError(ValidationError, 400, 'validation_failed'), 'GET', 0)).toBeUndefined();
  });
});
