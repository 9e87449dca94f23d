/**
 * The HTTP transport google-auth-library uses for token requests AND (through OAuth2Client.request)
 * for every Calendar API call. Per-call `{ retry: false }` is not enough: the library marks its own
 * token requests `retry: true` with POST retried, so a token-endpoint outage would be retried three
 * times inside one of our attempts. Forcing `retryConfig.retry = 0` here leaves every retry to the
 * kit's resilience policy (counted by the breaker, bounded by its timeout).
 */
import { gaxios } from 'google-auth-library';

class NoRetryGaxios extends gaxios.Gaxios {
  override request<T>(opts: gaxios.GaxiosOptions = {}): gaxios.GaxiosPromise<T> {
    return super.request<T>({ ...opts, retry: false, retryConfig: { ...opts.retryConfig, retry: 0, noResponseRetries: 0 } });
  }
}

export function createTransport(timeoutMs: number): gaxios.Gaxios {
  return new NoRetryGaxios({ timeout: timeoutMs });
}
