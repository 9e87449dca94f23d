import { ApiConnectionError, TimeoutError, VoxanneError, errorFromResponse } from './errors.js';
import { parseRetryAfter, retryDelay } from './retry.js';
import { newIdempotencyKey } from './idempotency-key.js';
import type { CsrfState } from './csrf.js';
import type { RequestOptions, RetryEvent } from './options.js';

export interface TransportConfig {
  apiKey: string | undefined;
  org: string | undefined;
  mode: 'live' | 'test' | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  credentials: RequestInit['credentials'];
  headers: Record<string, string>;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// The Fetch standard forbids a body on these statuses; `new Response(body, { status })` throws otherwise.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

interface Received {
  response: Response;
  body: ArrayBuffer;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return [e?.message, e?.cause?.code ?? e?.cause?.message].filter(Boolean).join(': ') || String(err);
}

/**
 * One attempt. The timeout covers reading the body too, so a server that sends headers and then stalls still
 * times out. The caller's own abort is passed through untouched and never retried: it is their decision.
 */
async function attempt(config: TransportConfig, url: string, init: RequestInit, timeoutMs: number, callerSignal: AbortSignal | undefined): Promise<Received> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal!.reason);
  if (callerSignal?.aborted) onCallerAbort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    const response = await config.fetch(url, { ...init, signal: controller.signal });
    return { response, body: await response.arrayBuffer() };
  } catch (err) {
    if (callerSignal?.aborted) throw callerSignal.reason ?? err;
    if (timedOut) throw new TimeoutError(`No response from ${init.method} ${url} within ${timeoutMs} ms.`, { code: 'timeout', cause: err });
    throw new ApiConnectionError(`Could not reach ${init.method} ${url}: ${describe(err)}`, { code: 'connection_error', cause: err });
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * The fetch handed to the generated client for one call: it adds credentials, org and idempotency headers,
 * retries what is safe to retry and turns every failure into a typed VoxanneError.
 */
export function createFetch(config: TransportConfig, csrf: CsrfState, call: RequestOptions = {}): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const method = request.method.toUpperCase();
    const headers = new Headers(config.headers);
    request.headers.forEach((value, name) => headers.set(name, value));
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);

    if (config.apiKey) headers.set('Authorization', `Bearer ${config.apiKey}`);
    const org = call.org ?? config.org;
    if (org) headers.set('Voxanne-Org', org);
    const mode = call.mode ?? config.mode;
    if (mode) headers.set('Voxanne-Mode', mode);
    if (!config.apiKey && !SAFE_METHODS.has(method)) {
      const token = await csrf.get();
      if (token) headers.set('X-CSRF-Token', token);
    }
    // Generated once per call, before the first attempt, so every retry carries the same key and the
    // server answers a retry of a POST that did go through with the first response instead of acting twice.
    if (method === 'POST') headers.set('Idempotency-Key', call.idempotencyKey ?? headers.get('Idempotency-Key') ?? newIdempotencyKey());

    // Buffered once: a streamed body could not be sent a second time.
    const body = request.body ? await request.arrayBuffer() : undefined;
    const sendInit: RequestInit = { method, headers, body, redirect: 'follow', ...(config.credentials ? { credentials: config.credentials } : {}) };
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const maxRetries = call.maxRetries ?? config.maxRetries;

    for (let n = 0; ; n++) {
      let error: VoxanneError;
      try {
        const { response, body: buffered } = await attempt(config, request.url, sendInit, timeoutMs, call.signal);
        if (response.ok) {
          return new Response(NULL_BODY_STATUSES.has(response.status) ? null : buffered, {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          });
        }
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        error = errorFromResponse(response, new TextDecoder().decode(buffered), retryAfter === undefined ? undefined : retryAfter / 1000);
      } catch (err) {
        if (!(err instanceof ApiConnectionError)) throw err;
        error = err;
      }
      const delayMs = n < maxRetries ? retryDelay(error, method, n) : undefined;
      if (delayMs === undefined) throw error;
      config.onRetry?.({ attempt: n + 1, delayMs, error, method, url: request.url });
      await sleep(delayMs, call.signal);
    }
  };
}
