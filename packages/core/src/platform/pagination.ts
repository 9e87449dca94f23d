import type { Knex } from 'knex';
import { badRequest } from './errors.ts';

export interface PageParams {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

const ID_CURSOR = /^[a-z]{3}_[0-9A-HJKMNP-TV-Z]{26}$/;

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!ID_CURSOR.test(id)) throw badRequest('invalid_cursor', 'The cursor is not valid for this list.');
  return id;
}

/**
 * Keyset pagination, newest first. Ids are time-sortable, so "id < cursor" is stable under inserts,
 * unlike offsets. Fetches one extra row to know whether another page exists.
 */
export async function paginate<Row extends { id: string }, T>(
  query: Knex.QueryBuilder,
  params: PageParams,
  toApi: (row: Row) => T,
  idColumn = 'id',
): Promise<Page<T>> {
  const limit = params.limit ?? 20;
  if (params.cursor) query.where(idColumn, '<', decodeCursor(params.cursor));
  const rows = (await query.orderBy(idColumn, 'desc').limit(limit + 1)) as Row[];
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    data: page.map(toApi),
    has_more: hasMore,
    next_cursor: hasMore && last ? Buffer.from(last.id, 'utf8').toString('base64url') : null,
  };
}
