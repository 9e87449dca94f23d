/** The call row of an outbound call, written the same way for a single call and a campaign target. */
import { newId } from '../../platform/ids.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import type { OutboundAgent, OutboundNumber } from './line.ts';

export interface OutboundCallInput {
  orgId: string;
  connector: VoiceConnectorId;
  agent: OutboundAgent;
  number: OutboundNumber;
  to: string;
  contactId: string;
  campaignId?: string | null;
  /** Dial no earlier than this; a past or missing time means now. */
  scheduledAt?: Date | null;
  metadata?: Record<string, string>;
}

export async function insertOutboundCall(tx: Tx, c: OutboundCallInput): Promise<{ id: string; status: 'scheduled' | 'queued' }> {
  const id = newId('call');
  const status = c.scheduledAt && c.scheduledAt.getTime() > Date.now() ? 'scheduled' : 'queued';
  await tx('calls').insert({
    id,
    org_id: c.orgId,
    connector: c.connector,
    direction: 'outbound',
    status,
    test_mode: c.connector === 'simulator',
    agent_id: c.agent.id,
    revision_id: c.agent.liveRevisionId,
    phone_number_id: c.number.id,
    contact_id: c.contactId,
    campaign_id: c.campaignId ?? null,
    from_number: c.number.number,
    to_number: c.to,
    scheduled_at: c.scheduledAt ?? null,
    metadata: JSON.stringify(c.metadata ?? {}),
  });
  await tx('call_events').insert({ org_id: c.orgId, call_id: id, type: 'created', status });
  await tx('contacts')
    .where({ id: c.contactId })
    .update({ call_count: tx.raw('call_count + 1'), last_call_at: tx.fn.now(), updated_at: tx.fn.now() });
  return { id, status };
}

/** Marks a call that was never placed as failed, with why, on its timeline. */
export async function failCall(tx: Tx, orgId: string, callId: string, reason: string, type: 'dial_failed' | 'skipped' = 'dial_failed'): Promise<void> {
  await tx('calls').where({ id: callId }).update({ status: 'failed', failure_reason: reason, updated_at: tx.fn.now() });
  await tx('call_events').insert({ org_id: orgId, call_id: callId, type, status: 'failed', detail: reason });
}

/** Moves a call that may not be dialled yet to the end of quiet hours, and says so on its timeline. */
export async function deferForQuietHours(tx: Tx, orgId: string, callId: string, at: Date, alreadyScheduled = false): Promise<void> {
  if (!alreadyScheduled) await tx('calls').where({ id: callId }).update({ status: 'scheduled', scheduled_at: at, updated_at: tx.fn.now() });
  await tx('call_events').insert({ org_id: orgId, call_id: callId, type: 'deferred', status: 'scheduled', detail: 'quiet_hours' });
}
