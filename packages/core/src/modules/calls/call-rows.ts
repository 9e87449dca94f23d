/**
 * Finds or creates the call a vendor message is about. Messages of one call arrive in any order and
 * on different paths (tool calls synchronously, status updates and reports through the inbox), so
 * whichever arrives first creates the row and the rest find it:
 *   1. by our own id, which outbound calls carry in their metadata (`voxanneCallId`);
 *   2. by the vendor's call id, unique per org and connector;
 *   3. else a new row, racing safely on that unique key.
 */
import type { VoiceCallRef } from '@voxanne/connector-kit';
import { isId, newId } from '../../platform/ids.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { upsertContactByPhone } from '../contacts/upsert.ts';
import { isE164 } from '../../platform/phone.ts';

export interface CallRowRef {
  id: string;
  created: boolean;
  agentId: string | null;
  contactId: string | null;
  campaignId: string | null;
  direction: string;
  status: string;
}

const COLUMNS = ['id', 'agent_id', 'contact_id', 'campaign_id', 'direction', 'status'] as const;

type Row = { id: string; agent_id: string | null; contact_id: string | null; campaign_id: string | null; direction: string; status: string };

const ref = (r: Row, created: boolean): CallRowRef => ({
  id: r.id,
  created,
  agentId: r.agent_id,
  contactId: r.contact_id,
  campaignId: r.campaign_id,
  direction: r.direction,
  status: r.status,
});

const metaString = (call: VoiceCallRef, key: string): string | null => {
  const v = call.metadata[key];
  return typeof v === 'string' ? v : null;
};

export async function findCall(tx: Tx, connector: string, call: VoiceCallRef): Promise<CallRowRef | null> {
  const ours = metaString(call, 'voxanneCallId');
  if (ours && isId('call', ours)) {
    const row: Row | undefined = await tx('calls').where({ id: ours }).first(COLUMNS);
    if (row) {
      if (call.externalCallId) {
        await tx('calls').where({ id: row.id }).whereNull('external_call_id').update({ external_call_id: call.externalCallId, updated_at: tx.fn.now() });
      }
      return ref(row, false);
    }
  }
  if (!call.externalCallId) return null;
  const row: Row | undefined = await tx('calls').where({ connector, external_call_id: call.externalCallId }).first(COLUMNS);
  return row ? ref(row, false) : null;
}

/** `null` only when the message identifies no call at all (no vendor id, none of ours). */
export async function resolveCall(tx: Tx, orgId: string, connector: string, call: VoiceCallRef): Promise<CallRowRef | null> {
  const found = await findCall(tx, connector, call);
  if (found || !call.externalCallId) return found;

  const number = await ourNumber(tx, call);
  const agentFromMeta = metaString(call, 'agentId');
  const agentId = agentFromMeta && isId('agent', agentFromMeta) && (await tx('agents').where({ id: agentFromMeta }).first('id')) ? agentFromMeta : (number?.agent_id ?? null);
  const revisionFromMeta = metaString(call, 'revisionId');
  const customer = call.customerNumber && isE164(call.customerNumber) ? call.customerNumber : null;
  const contact = customer ? await upsertContactByPhone(tx, orgId, customer) : null;
  const ours = number?.number ?? (call.phoneNumber && isE164(call.phoneNumber) ? call.phoneNumber : null);
  const outbound = call.direction === 'outbound';

  const id = newId('call');
  const inserted = await tx.raw(
    `INSERT INTO calls (id, org_id, connector, external_call_id, direction, status, test_mode, agent_id, revision_id,
                        phone_number_id, contact_id, from_number, to_number)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (org_id, connector, external_call_id) WHERE external_call_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      id,
      orgId,
      connector,
      call.externalCallId,
      call.direction,
      'ringing',
      connector === 'simulator',
      agentId,
      agentId && revisionFromMeta && isId('agentRevision', revisionFromMeta) ? revisionFromMeta : null,
      number?.id ?? null,
      contact?.id ?? null,
      outbound ? ours : customer,
      outbound ? customer : ours,
    ],
  );
  if (!(inserted.rows as unknown[]).length) {
    // Another message of the same call won the race; it is committed now, so it is visible.
    return findCall(tx, connector, call);
  }
  await tx('call_events').insert({ org_id: orgId, call_id: id, type: 'created', status: 'ringing' });
  if (contact) {
    await tx('contacts')
      .where({ id: contact.id })
      .update({ call_count: tx.raw('call_count + 1'), last_call_at: tx.fn.now(), updated_at: tx.fn.now() });
  }
  return { id, created: true, agentId, contactId: contact?.id ?? null, campaignId: null, direction: call.direction, status: 'ringing' };
}

async function ourNumber(tx: Tx, call: VoiceCallRef): Promise<{ id: string; number: string; agent_id: string | null } | undefined> {
  if (call.phoneNumberExternalId) {
    const byExternal = await tx('phone_numbers').where({ external_id: call.phoneNumberExternalId }).first('id', 'number', 'agent_id');
    if (byExternal) return byExternal;
  }
  if (call.phoneNumber && isE164(call.phoneNumber)) return tx('phone_numbers').where({ number: call.phoneNumber }).first('id', 'number', 'agent_id');
  return undefined;
}
