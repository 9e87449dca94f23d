import type { VoxanneError } from './errors.js';

/** A CSRF token, or a function that reads it when a write is about to be sent (e.g. from a cookie). */
export type CsrfTokenSource = string | (() => string | null | undefined | Promise<string | null | undefined>);

export interface RetryEvent {
  /** 1 for the first retry. */
  attempt: number;
  /** How long the SDK waits before sending again. */
  delayMs: number;
  /** Why the previous attempt failed. */
  error: VoxanneError;
  method: string;
  url: string;
}

export interface VoxanneOptions {
  /** A secret API key (`vox_live_...` or `vox_test_...`). Leave it out in the browser to ride on the session cookie. */
  apiKey?: string;
  /** Where the API lives, e.g. `https://api.voxanne.example` (paths start with `/v1`). */
  baseUrl: string;
  /** Act on this child org of an agency (sent as `Voxanne-Org`). See also `withOrg()`. */
  org?: string;
  /**
   * `'test'` works in test mode with a live key or a session (sent as `Voxanne-Mode`): nothing reaches a real
   * vendor, and only test objects (`livemode: false`) are seen and made. A `vox_test_` key is always in test mode.
   */
  mode?: 'live' | 'test';
  /** A fetch implementation; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Per attempt, until the whole response body has arrived. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Browser fetch credentials mode; `'include'` sends the session cookie cross-origin. */
  credentials?: RequestInit['credentials'];
  /**
   * Sent as `X-CSRF-Token` on writes when no `apiKey` is set. Without it the SDK uses the token from the last
   * verifySignup, login, invite acceptance or `auth.me()`, and otherwise the readable `vox_csrf` cookie.
   */
  csrfToken?: CsrfTokenSource;
  /** Extra headers for every request (e.g. a `cookie` for server-side session use). */
  headers?: Record<string, string>;
  /** Called before each retry, e.g. for logging. */
  onRetry?: (event: RetryEvent) => void;
}

/** Options for a single call; they win over the client's. */
export interface RequestOptions {
  /** For POSTs; a UUID is generated when left out. Reuse one to make a retried operation safe across processes. */
  idempotencyKey?: string;
  /** `Voxanne-Org` for this call only. */
  org?: string;
  /** `Voxanne-Mode` for this call only. */
  mode?: 'live' | 'test';
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
