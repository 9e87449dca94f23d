import type { Config } from '../config.ts';

/**
 * Where the voice vendor sends this org's server messages (tool calls, call reports). The org is in the
 * path so the route (issue #5) can pick the org's webhook secret before it trusts anything in the body.
 * Kept beside the connectors (not in a module): agents, phone numbers and calls all hand it to the vendor,
 * and the route that answers it is calls/webhook-routes.ts.
 */
export function voiceWebhookUrl(config: Pick<Config, 'publicUrl'>, orgId: string): string {
  return `${config.publicUrl}/v1/voice/webhooks/${orgId}`;
}
