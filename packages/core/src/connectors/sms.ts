/**
 * Which SMS connector an org uses: Twilio with the org's own Twilio integration, otherwise (outside
 * production) the local outbox, whose messages live in our log and never reach a phone. A test-mode
 * message always goes to the local outbox, in production too (decision 0012). This file is the only place
 * in core that constructs an SMS connector.
 */
import { withResilience, type Resilience, type SmsConnector } from '@voxanne/connector-kit';
import { createLocalSms, createMemorySmsOutbox, type LocalSms, type MemorySmsOutbox } from '@voxanne/connector-local';
import type { Deps } from '../platform/deps.ts';
import { ApiError } from '../platform/errors.ts';
import { loadStoredIntegration } from '../modules/integrations/index.ts';
import { twilioSms } from './factories.ts';
import { refuseRealVendorInTestMode } from './registry.ts';
import type { SmsConnectorId } from './types.ts';

export type { SmsConnectorId };

export interface ResolvedSms {
  id: SmsConnectorId;
  connector: SmsConnector;
  /** The local outbox, for the simulator endpoint; undefined with Twilio. */
  local?: LocalSms;
}

const outboxes = new WeakMap<Deps, Map<string, MemorySmsOutbox>>();

/**
 * Timeout and the org's breaker, but ONE attempt: Twilio has no idempotency key, so a retried send that
 * timed out after Twilio accepted it would text the patient twice. The delivery job decides what to retry.
 */
function breaker(deps: Deps, orgId: string, id: SmsConnectorId): Resilience {
  return deps.connectors.breakers.for(orgId, id, { maxAttempts: 1 });
}

/** The in-memory outbox of an org (embedded mode keeps the vendor side in process, like the call simulator). */
export function localOutbox(deps: Deps, orgId: string): MemorySmsOutbox {
  let perOrg = outboxes.get(deps);
  if (!perOrg) outboxes.set(deps, (perOrg = new Map()));
  let o = perOrg.get(orgId);
  if (!o) perOrg.set(orgId, (o = createMemorySmsOutbox()));
  return o;
}

async function build(deps: Deps, orgId: string, id: SmsConnectorId): Promise<ResolvedSms | null> {
  if (id === 'twilio') {
    refuseRealVendorInTestMode('twilio');
    const integration = await loadStoredIntegration(deps.knex, deps.keyring, orgId, 'twilio');
    if (!integration?.secrets.account_sid || !integration.secrets.auth_token) return null;
    const raw = twilioSms(deps.config.connectors, integration);
    return { id, connector: withResilience(raw, breaker(deps, orgId, id), ['send', 'testConnection']) };
  }
  const local = createLocalSms({ webhookSecret: await deps.connectors.webhookSecret(orgId), store: localOutbox(deps, orgId) });
  return { id, connector: withResilience(local, breaker(deps, orgId, id), ['send']), local };
}

/**
 * A specific connector (webhooks name theirs in the URL); null when the org cannot use it. In production
 * the local outbox carries test-mode messages only.
 */
export async function smsConnector(deps: Deps, orgId: string, id: SmsConnectorId, opts: { livemode: boolean } = { livemode: true }): Promise<ResolvedSms | null> {
  if (id === 'local-sms' && deps.config.env === 'production' && opts.livemode) return null;
  return build(deps, orgId, id);
}

/** The connector this org's messages of one mode go through now: never Twilio in test mode. */
export async function activeSmsConnector(deps: Deps, orgId: string, { livemode }: { livemode: boolean }): Promise<ResolvedSms> {
  const twilio = livemode ? await build(deps, orgId, 'twilio') : null;
  if (twilio) return twilio;
  const local = await smsConnector(deps, orgId, 'local-sms', { livemode });
  if (local) return local;
  throw new ApiError(422, 'integration_missing', 'This org has no twilio integration. Store its credentials with PUT /v1/integrations/twilio.', { provider: 'twilio' });
}

/** Which connector would send, without building it (for queueing decisions in a transaction). */
export const WEBHOOK_SEGMENT: Record<SmsConnectorId, string> = { twilio: 'twilio', 'local-sms': 'local' };

export function statusCallbackUrl(deps: Deps, orgId: string, id: SmsConnectorId): string {
  return `${deps.config.publicUrl}/v1/sms/webhooks/${WEBHOOK_SEGMENT[id]}/${orgId}/status`;
}

/** A test-mode reply to the local outbox says so in its URL (which the signature covers). */
export function inboundUrl(deps: Deps, orgId: string, id: SmsConnectorId, opts: { livemode: boolean } = { livemode: true }): string {
  const mode = id === 'local-sms' && !opts.livemode ? '?mode=test' : '';
  return `${deps.config.publicUrl}/v1/sms/webhooks/${WEBHOOK_SEGMENT[id]}/${orgId}${mode}`;
}
