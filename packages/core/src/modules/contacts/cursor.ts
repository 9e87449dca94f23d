/**
 * The two orders of the contact list. platform/pagination.ts pages by id alone; here the order is
 * (sort key, id), so the cursor's position is the last row's key as well as its id. The cursor itself (its
 * binding to this list, its sort and its filters) is the platform's: see encodeCursor/decodeCursor there.
 *
 * recent:     last_call_at DESC NULLS LAST, id DESC
 * lead_score: lead_score DESC NULLS LAST, id ASC (the order of contacts_score_idx)
 */
import type { Knex } from 'knex';
import { isId } from '../../platform/ids.ts';

export type ContactSort = 'recent' | 'lead_score';

/** Where a page ended: the last row's sort key (last_call_at with microseconds as text, a JS Date would drop them, or lead_score) and id. */
export interface ContactPosition {
  k: string | number | null;
  id: string;
}

const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The column a page's last row must expose for its cursor, alongside `id`. */
export const SORT_KEY_COLUMN = {
  recent: `to_char(contacts.last_call_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  lead_score: 'contacts.lead_score',
} as const satisfies Record<ContactSort, string>;

/** A position that can only have come from a page in `sort`'s order; anything else is a forged cursor. */
export const isContactPosition =
  (sort: ContactSort) =>
  (p: unknown): p is ContactPosition => {
    if (!p || typeof p !== 'object') return false;
    const { k, id } = p as Partial<ContactPosition>;
    if (!isId('contact', id)) return false;
    return (
      k === null ||
      (sort === 'recent' && typeof k === 'string' && TIMESTAMP_KEY.test(k) && !Number.isNaN(Date.parse(k))) ||
      (sort === 'lead_score' && Number.isInteger(k) && (k as number) >= 0 && (k as number) <= 100)
    );
  };

/** Orders `q` and, after a cursor, keeps only the rows strictly after it in that order. */
export function applyOrder(q: Knex.QueryBuilder, sort: ContactSort, after: ContactPosition | null): void {
  const [col, idDir, idCmp, cast] =
    sort === 'recent'
      ? (['contacts.last_call_at', 'desc', '<', '::timestamptz'] as const)
      : (['contacts.lead_score', 'asc', '>', '::integer'] as const);
  if (after) {
    if (after.k === null) {
      // Past the keyed rows already: only the null-keyed tail remains, ordered by id.
      q.whereNull(col).where('contacts.id', idCmp, after.id);
    } else {
      q.where((w) =>
        w
          .whereRaw(`${col} < ?${cast}`, [after.k])
          .orWhere((eq) => eq.whereRaw(`${col} = ?${cast}`, [after.k]).where('contacts.id', idCmp, after.id))
          .orWhereNull(col),
      );
    }
  }
  q.orderByRaw(`${col} DESC NULLS LAST`).orderBy('contacts.id', idDir);
}
