/**
 * The latest calls of one contact, in the CallListItem shape the calls list uses. The contacts module shows
 * them on a contact; the app hands it this function (app/modules.ts), so contacts does not import calls.
 */
import type { Tx } from '../../platform/db/tenancy.ts';
import { callListItemToApi, type CallRow } from './view.ts';

export const RECENT_CALLS = 20;

/** Newest first by id (ids sort by creation), on calls_contact_idx. */
export async function recentCallsOf(tx: Tx, contactId: string) {
  const rows: CallRow[] = await tx('calls').where({ contact_id: contactId }).orderBy('id', 'desc').limit(RECENT_CALLS).select('*');
  return rows.map(callListItemToApi);
}
