/**
 * Keyset cursors for the two orders of the contact list. platform/pagination.ts pages by id alone; here
 * the order is (sort key, id), so the cursor carries the last row's key as well as its id, and names
 * the sort it belongs to so it cannot be replayed against the other order.
 *
 * recent:     last_call_at DESC NULLS LAST, id DESC
 * lead_score: lead_score DESC NULLS LAST, id ASC (the order of contacts_score_idx)
 */
import type { Knex } from 'knex';
import { badRequest } from '../../platform/errors.ts';
import { isId } from '../../platform/ids.ts';

export type ContactSort = 'recent' | 'lead_score';

interface Cursor {
  s: ContactSort;
  /** The last row's sort key: last_call_at with microseconds (as text, a JS Date would drop them) or lead_score. */
  k: string | number | null;
  id: string;
}

const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The column a page's last row must expose for its cursor, alongside `id`. */
export const SORT_KEY_COLUMN = {
  recent: `to_char(contacts.last_call_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  lead_score: 'contacts.lead_score',
} as const satisfies Record<ContactSort, string>;

const invalid = () => badRequest('invalid_cursor', 'The cursor is not valid for this list.');

export function encodeCursor(sort: ContactSort, key: string | number | null, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key, id } satisfies Cursor), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string, sort: ContactSort): Cursor {
  let c: Partial<Cursor>;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    throw invalid();
  }
  if (!c || typeof c !== 'object' || c.s !== sort || !isId('contact', c.id)) throw invalid();
  const k = c.k;
  const keyOk =
    k === null ||
    (sort === 'recent' && typeof k === 'string' && TIMESTAMP_KEY.test(k) && !Number.isNaN(Date.parse(k))) ||
    (sort === 'lead_score' && Number.isInteger(k) && (k as number) >= 0 && (k as number) <= 100);
  if (!keyOk) throw invalid();
  return { s: sort, k: k ?? null, id: c.id };
}

/** Orders `q` and, after a cursor, keeps only the rows strictly after it in that order. */
export function applyOrder(q: Knex.QueryBuilder, sort: ContactSort, after: Cursor | null): void {
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
