import { newId } from '../../platform/ids.ts';
import type { Tx } from '../../platform/db/tenancy.ts';

/**
 * Records a domain event in the same transaction as the change that caused it, so an event exists if
 * and only if the change committed. A relay delivers it afterwards (Svix or the built-in dispatcher).
 */
export async function emitEvent(tx: Tx, orgId: string, type: string, payload: Record<string, unknown>): Promise<string> {
  const id = newId('event');
  await tx('outbox_events').insert({ id, org_id: orgId, type, payload: JSON.stringify(payload) });
  return id;
}
