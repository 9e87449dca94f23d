/**
 * Vapi's custom credentials API (`POST /credential`, `PATCH /credential/{id}`), called directly: the server
 * SDK 2.0.1 has the DTO types but no credentials client. Failures are shaped like the SDK's own
 * (VapiError / VapiTimeoutError) so mapVapiError treats them like every other Vapi call.
 */
import { VapiError, VapiTimeoutError, type Vapi } from '@vapi-ai/server-sdk';
import { vapiWebhookCredential } from './hmac-plan.ts';

export interface CredentialsClientSettings {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
}

export interface VapiCredentials {
  create(body: Vapi.CreateWebhookCredentialDto & { provider: 'webhook' }): Promise<Vapi.WebhookCredential>;
  update(id: string, body: Vapi.UpdateWebhookCredentialDto): Promise<Vapi.WebhookCredential>;
}

export function vapiCredentials(settings: CredentialsClientSettings): VapiCredentials {
  const request = async (method: 'POST' | 'PATCH', path: string, body: unknown): Promise<Vapi.WebhookCredential> => {
    let res: Response;
    try {
      res = await fetch(`${settings.baseUrl.replace(/\/$/, '')}${path}`, {
        method,
        headers: { authorization: `Bearer ${settings.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (e) {
      if ((e as Error)?.name === 'TimeoutError') throw new VapiTimeoutError(`Timeout exceeded when calling ${method} ${path}.`, { cause: e });
      throw e;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text as the body.
    }
    if (!res.ok) throw new VapiError({ statusCode: res.status, body: parsed });
    return parsed as Vapi.WebhookCredential;
  };
  return {
    create: (body) => request('POST', '/credential', body),
    update: (id, body) => request('PATCH', `/credential/${encodeURIComponent(id)}`, body),
  };
}

/** Both bodies for our HMAC credential: create carries the provider, update may repeat it. */
export function webhookCredentialBodies(secret: string, name: string) {
  const create = vapiWebhookCredential(secret, name);
  const update: Vapi.UpdateWebhookCredentialDto = { provider: 'webhook', name: create.name, authenticationPlan: create.authenticationPlan };
  return { create, update };
}
