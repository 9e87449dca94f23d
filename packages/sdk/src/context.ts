import { createClient, type Client } from './generated/client/index.js';
import { CsrfState } from './csrf.js';
import { createFetch, type TransportConfig } from './transport.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type RequestOptions, type VoxanneOptions } from './options.js';

/** What the generated sdk functions need for one call: our client instance and a fetch for this call's options. */
export interface CallConfig {
  client: Client;
  fetch: typeof fetch;
  throwOnError: true;
}

function resolve(options: VoxanneOptions): TransportConfig & { baseUrl: string } {
  if (!options || typeof options.baseUrl !== 'string' || !options.baseUrl) throw new TypeError('Voxanne: `baseUrl` is required.');
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new TypeError('Voxanne: `maxRetries` must be a whole number >= 0.');
  if (!(timeoutMs > 0)) throw new TypeError('Voxanne: `timeoutMs` must be > 0.');
  const userFetch = options.fetch;
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    apiKey: options.apiKey || undefined,
    org: options.org || undefined,
    mode: options.mode,
    // Looked up at call time and called unbound: browsers throw "Illegal invocation" for a detached window.fetch.
    fetch: userFetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs,
    maxRetries,
    credentials: options.credentials,
    headers: { ...options.headers },
    onRetry: options.onRetry,
  };
}

/** Per-client state shared by its resources. */
export class Context {
  readonly client: Client;
  readonly transport: TransportConfig;
  /** Replaced by `withOrg()` so a scoped client shares its parent's session token. */
  csrf: CsrfState;

  constructor(options: VoxanneOptions) {
    const { baseUrl, ...transport } = resolve(options);
    this.transport = transport;
    this.csrf = new CsrfState(options.csrfToken);
    this.client = createClient({ baseUrl, throwOnError: true });
  }

  request(options?: RequestOptions): CallConfig {
    return { client: this.client, fetch: createFetch(this.transport, this.csrf, options), throwOnError: true };
  }
}
