import { newId } from '../../platform/ids.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { txBatch } from '../../platform/db/sql.ts';
import { statement, type Step } from '../../platform/db/statements.ts';

/**
 * Records a domain event in the same transaction as the change that caused it, so an event exists if
 * and only if the change committed. A relay delivers it afterwards (Svix or the built-in dispatcher).
 */
const INSERT_EVENT = statement('outbox_insert', 'insert into outbox_events (id, org_id, type, payload) values ($1, $2, $3, $4::jsonb)');

/** The event as a prepared statement, for a caller that sends it together with other writes. */
export function eventStep(orgId: string, type: string, payload: Record<string, unknown>): Step {
  return [INSERT_EVENT, [newId('event'), orgId, type, JSON.stringify(payload)]];
}

export async function emitEvent(tx: Tx, orgId: string, type: string, payload: Record<string, unknown>): Promise<string> {
  const step = eventStep(orgId, type, payload);
  await txBatch(tx, [step]);
  return step[1][0] as string;
}
