/**
 * One contact per phone number per org and mode (live or test: the transaction's, decision 0012). Every
 * path that learns a number (an inbound caller, an outbound call, a campaign list) goes through here, so
 * `contact.created` is emitted exactly once per number: the insert races safely on the
 * (org_id, livemode, phone) unique key and only the winner emits.
 */
import { newId } from '../../platform/ids.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { emitEvent } from '../outbox/index.ts';

export async function upsertContactByPhone(tx: Tx, orgId: string, phone: string): Promise<{ id: string; created: boolean }> {
  const inserted: { id: string }[] = await tx('contacts')
    .insert({ id: newId('contact'), org_id: orgId, phone })
    .onConflict(['org_id', 'livemode', 'phone'])
    .ignore()
    .returning('id');
  const created = inserted[0];
  if (created) {
    // The number itself is PHI: subscribers get the id and fetch the contact with their own access.
    await emitEvent(tx, orgId, 'contact.created', { contact_id: created.id });
    return { id: created.id, created: true };
  }
  const existing: { id: string } = await tx('contacts').where({ phone }).first('id');
  return { id: existing.id, created: false };
}
