/**
 * Finds or creates the call a vendor message is about. Messages of one call arrive in any order and
 * on different paths (tool calls synchronously, status updates and reports through the inbox), so
 * whichever arrives first creates the row and the rest find it:
 *   1. by our own id, which outbound calls carry in their metadata (`voxanneCallId`);
 *   2. by the vendor's call id, unique per org and connector;
 *   3. else a new row, racing safely on that unique key.
 * Once found, the transaction adopts the call's mode (decision 0012): whatever the message does next (a
 * contact, a booking, a text, an event) is live or test data like the call. A new row takes the mode of
 * the transaction: live for a vendor's message, test for a test call (created in test mode).
 */
import type { VoiceCallRef } from '@voxanne/connector-kit';
import { isId, newId } from '../../platform/ids.ts';
import type { Knex } from 'knex';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { adoptLivemode } from '../../platform/db/livemode.ts';
import { upsertContactByPhone } from '../contacts/index.ts';
import { isE164 } from '../../platform/phone.ts';

export interface CallRowRef {
  id: string;
  created: boolean;
  agentId: string | null;
  contactId: string | null;
  campaignId: string | null;
  direction: string;
  status: string;
  livemode: boolean;
}

const COLUMNS = ['id', 'agent_id', 'contact_id', 'campaign_id', 'direction', 'status', 'livemode'] as const;

type Row = { id: string; agent_id: string | null; contact_id: string | null; campaign_id: string | null; direction: string; status: string; livemode: boolean };

const ref = (r: Row, created: boolean): CallRowRef => ({
  id: r.id,
  created,
  agentId: r.agent_id,
  contactId: r.contact_id,
  campaignId: r.campaign_id,
  direction: r.direction,
  status: r.status,
  livemode: r.livemode,
});

const metaString = (call: VoiceCallRef, key: string): string | null => {
  const v = call.metadata[key];
  return typeof v === 'string' ? v : null;
};

export async function findCall(tx: Tx, connector: string, call: VoiceCallRef): Promise<CallRowRef | null> {
  const found = await lookUp(tx, connector, call);
  if (found) await adoptLivemode(tx, found.livemode);
  return found;
}

async function lookUp(tx: Tx, connector: string, call: VoiceCallRef): Promise<CallRowRef | null> {
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

/**
 * The mode of the call a live message (assistant-request, tool-calls) is about, before anything runs for
 * it. A Vapi call is live: test mode never reaches Vapi. A simulated call may be either, and its row
 * (created before its first message) says which; one the org has not seen is live (development).
 */
export async function livemodeOfCall(knex: Knex, orgId: string, connector: string, call: VoiceCallRef): Promise<boolean> {
  if (connector !== 'simulator') return true;
  const ours = metaString(call, 'voxanneCallId');
  if (!(ours && isId('call', ours)) && !call.externalCallId) return true;
  const key = `${orgId}|${connector}|${ours ?? ''}|${call.externalCallId ?? ''}`;
  const known = KNOWN_MODES.get(key);
  if (known !== undefined) return known;
  const row: { livemode: boolean } | undefined = await inScope(knex, { orgId, livemode: null }, (tx) =>
    ours && isId('call', ours) ? tx('calls').where({ id: ours }).first('livemode') : tx('calls').where({ connector, external_call_id: call.externalCallId }).first('livemode'),
  );
  // A call's mode never changes, so every later tool call of it skips this read (the tool path's
  // two-statement budget). A test-mode call's row is written before the simulator sends its first message,
  // so a call without a row is live for good. Keyed by org too; cleared wholesale when full, a cheap bound.
  const livemode = row?.livemode ?? true;
  if (KNOWN_MODES.size >= 10_000) KNOWN_MODES.clear();
  KNOWN_MODES.set(key, livemode);
  return livemode;
}

const KNOWN_MODES = new Map<string, boolean>();

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
     RETURNING id, livemode`,
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
  const row = (inserted.rows as { id: string; livemode: boolean }[])[0];
  if (!row) {
    // Another message of the same call won the race; it is committed now, so it is visible.
    return findCall(tx, connector, call);
  }
  await tx('call_events').insert({ org_id: orgId, call_id: id, type: 'created', status: 'ringing' });
  if (contact) {
    await tx('contacts')
      .where({ id: contact.id })
      .update({ call_count: tx.raw('call_count + 1'), last_call_at: tx.fn.now(), updated_at: tx.fn.now() });
  }
  return { id, created: true, agentId, contactId: contact?.id ?? null, campaignId: null, direction: call.direction, status: 'ringing', livemode: row.livemode };
}

async function ourNumber(tx: Tx, call: VoiceCallRef): Promise<{ id: string; number: string; agent_id: string | null } | undefined> {
  if (call.phoneNumberExternalId) {
    const byExternal = await tx('phone_numbers').where({ external_id: call.phoneNumberExternalId }).first('id', 'number', 'agent_id');
    if (byExternal) return byExternal;
  }
  if (call.phoneNumber && isE164(call.phoneNumber)) return tx('phone_numbers').where({ number: call.phoneNumber }).first('id', 'number', 'agent_id');
  return undefined;
}
