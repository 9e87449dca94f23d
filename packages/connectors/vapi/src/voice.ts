/**
 * VoiceConnector on Vapi, through the official server SDK. The SDK's own retries are off
 * (maxRetries 0): retries belong to the kit's resilience policy so they are counted by the
 * circuit breaker and bounded by one timeout budget.
 */
import { VapiClient, type Vapi } from '@vapi-ai/server-sdk';
import {
  ConnectorError,
  assertE164,
  assertServerSecret,
  verifyWebhookSignature,
  type ConnectionCheck,
  type PhoneNumberRef,
  type VoiceConnector,
} from '@voxanne/connector-kit';
import { buildAssistantPayload, vapiServer, VAPI_NAME_MAX, type PayloadOptions } from './assistant-payload.ts';
import { vapiCredentials, webhookCredentialBodies } from './credentials.ts';
import { VAPI, mapVapiError } from './errors.ts';
import { vapiAssistantRequestResponse, vapiToolCallsResponse } from './responses.ts';
import { mapVapiCallStatus, parseVapiServerMessage } from './server-messages.ts';

export interface VapiVoiceSettings {
  /** Vapi private API key. */
  apiKey: string;
  /** HMAC secret of the Vapi webhook credential; verifies server messages. */
  webhookSecret: string;
  /** Default https://api.vapi.ai. Point at the fake in tests. */
  baseUrl?: string;
  /** Per HTTP request. Default 15 000. */
  timeoutMs?: number;
  /** Id of the Vapi webhook credential holding vapiHmacAuthenticationPlan(webhookSecret). */
  serverCredentialId?: string;
  /** How long Vapi waits for our server per message. Default 20 (Vapi's default). */
  serverTimeoutSeconds?: number;
}

export const VAPI_DEFAULT_BASE_URL = 'https://api.vapi.ai';

export function createVapiVoice(settings: VapiVoiceSettings): VoiceConnector {
  const client = new VapiClient({
    token: settings.apiKey,
    baseUrl: settings.baseUrl ?? VAPI_DEFAULT_BASE_URL,
    timeoutInSeconds: (settings.timeoutMs ?? 15_000) / 1000,
    maxRetries: 0,
  });
  const payloadOpts: PayloadOptions = {
    serverTimeoutSeconds: settings.serverTimeoutSeconds ?? 20,
    ...(settings.serverCredentialId ? { serverCredentialId: settings.serverCredentialId } : {}),
  };
  const server = (url: string | undefined) => (url ? { server: vapiServer(url, payloadOpts) } : {});

  /** Runs one SDK call and maps whatever it throws. */
  const call = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw mapVapiError(e, action);
    }
  };
  const ignoreNotFound = (e: unknown) => {
    if (!(e instanceof ConnectorError && e.code === 'not_found')) throw e;
  };
  const requireId = (action: string, res: { id?: unknown }): string => {
    if (typeof res.id === 'string' && res.id) return res.id;
    throw new ConnectorError({ connector: VAPI, code: 'invalid_response', message: `vapi: ${action} returned no id` });
  };

  const credentials = vapiCredentials({ apiKey: settings.apiKey, baseUrl: settings.baseUrl ?? VAPI_DEFAULT_BASE_URL, timeoutMs: settings.timeoutMs ?? 15_000 });

  const createAssistant = async (dto: Vapi.CreateAssistantDto) =>
    requireId('create assistant', await call('create assistant', () => client.assistants.create(dto)));

  return {
    id: VAPI,

    async upsertAssistant(spec, externalId) {
      assertServerSecret(VAPI, spec, settings.webhookSecret);
      const dto = buildAssistantPayload(spec, payloadOpts);
      if (externalId) {
        try {
          await call('update assistant', () => client.assistants.update({ id: externalId, ...dto }));
          return { externalId };
        } catch (e) {
          // Deleted in the Vapi dashboard (or by a previous failed deploy): create it again.
          ignoreNotFound(e);
        }
      }
      return { externalId: await createAssistant(dto) };
    },

    async deleteAssistant(externalId) {
      await call('delete assistant', () => client.assistants.delete({ id: externalId })).catch(ignoreNotFound);
    },

    async importPhoneNumber(input): Promise<PhoneNumberRef> {
      assertE164(VAPI, 'number', input.number);
      const res = await call('import phone number', () =>
        client.phoneNumbers.create({
          provider: 'twilio',
          number: input.number,
          twilioAccountSid: input.twilioAccountSid,
          twilioAuthToken: input.twilioAuthToken,
          ...(input.name ? { name: input.name } : {}),
          // Vapi's default (true) points the number's messaging webhook at Vapi, so patients' STOP/C/R
          // replies would never reach our Twilio webhook.
          ...(input.keepSmsWebhook ? { smsEnabled: false } : {}),
          ...server(input.serverUrl),
        }),
      );
      return { externalId: requireId('import phone number', res), number: res.number ?? input.number };
    },

    async createProviderNumber(input): Promise<PhoneNumberRef> {
      const res = await call('create phone number', () =>
        client.phoneNumbers.create({
          provider: 'vapi',
          ...(input.areaCode ? { numberDesiredAreaCode: input.areaCode } : {}),
          ...(input.name ? { name: input.name } : {}),
          ...server(input.serverUrl),
        }),
      );
      return { externalId: requireId('create phone number', res), number: res.number ?? null };
    },

    async assignPhoneNumber(externalNumberId, assistantExternalId) {
      // The SDK's update body is a union keyed by `provider`, but the PATCH DTOs themselves have
      // no provider field; send only what changes. `null` is how Vapi detaches an assistant
      // (the SDK types only allow string, hence the cast).
      const body = { assistantId: assistantExternalId } as unknown as Vapi.UpdatePhoneNumbersRequestBody;
      await call('assign phone number', () => client.phoneNumbers.update({ id: externalNumberId, body }));
    },

    async releasePhoneNumber(externalNumberId) {
      await call('release phone number', () => client.phoneNumbers.delete({ id: externalNumberId })).catch(ignoreNotFound);
    },

    async startCall(input) {
      assertE164(VAPI, 'customerNumber', input.customerNumber);
      const res = await call('start call', () =>
        client.calls.create({
          assistantId: input.assistantExternalId,
          phoneNumberId: input.phoneNumberExternalId,
          customer: { number: input.customerNumber },
          // Comes back in every server message as call.assistantOverrides.metadata.
          assistantOverrides: { metadata: { ...input.metadata } },
        }),
      );
      const created = res as Partial<Vapi.Call>;
      return { externalCallId: requireId('start call', created), status: mapVapiCallStatus(created.status) ?? 'queued' };
    },

    verifyWebhook: ({ rawBody, headers }) => verifyWebhookSignature({ secret: settings.webhookSecret, rawBody, headers }).ok,

    parseServerMessage: parseVapiServerMessage,
    toolCallsResponse: vapiToolCallsResponse,
    assistantRequestResponse: (reply) => vapiAssistantRequestResponse(reply, payloadOpts),

    async ensureServerCredential({ credentialId, createIfMissing, name }) {
      // The credential holds the secret verifyWebhook checks with, in the HMAC plan it expects.
      const bodies = webhookCredentialBodies(settings.webhookSecret, name.slice(0, VAPI_NAME_MAX));
      if (credentialId) {
        try {
          await call('update webhook credential', () => credentials.update(credentialId, bodies.update));
          return { credentialId };
        } catch (e) {
          // Deleted in the dashboard, or it belongs to another Vapi account (the API key changed).
          if (!createIfMissing) throw e;
          ignoreNotFound(e);
        }
      }
      return { credentialId: requireId('create webhook credential', await call('create webhook credential', () => credentials.create(bodies.create))) };
    },

    async testConnection(): Promise<ConnectionCheck> {
      try {
        await call('list assistants', () => client.assistants.list({ limit: 1 }));
        return { ok: true, detail: 'Vapi API reachable; API key accepted' };
      } catch (e) {
        const err = e as ConnectorError;
        // Vendor messages are echoed to the dashboard: make sure the key never is.
        const message = err.message.split(settings.apiKey).join('***');
        return { ok: false, detail: `${err.code}${err.status ? ` (HTTP ${err.status})` : ''}: ${message}` };
      }
    },
  };
}
