import { createHash } from 'node:crypto';
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

/**
 * Which list a cursor belongs to. A cursor carries a digest of this and of the request's filters (every
 * query parameter but `limit` and `cursor`), so it resumes only the list it came from: anywhere else it
 * answers 400 invalid_cursor instead of a silently wrong page.
 */
export interface ListScope {
  /** The list's name, one per endpoint: 'locations', 'agent_revisions' ... */
  list: string;
  /** What shapes the list besides its query parameters, e.g. the parent id in the path. */
  filters?: Record<string, unknown>;
}

const PAGING = new Set(['limit', 'cursor']);
const ID_POSITION = /^[a-z]{3}_[0-9A-HJKMNP-TV-Z]{26}$/;

export const invalidCursor = () => badRequest('invalid_cursor', 'The cursor is not valid for this list and these filters; start again without it.');

/** Same filters in any order give the same text; unset ones do not count. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** 96 bits of SHA-256 over the list's name and filters: enough to tell lists apart, short enough for a URL. */
function digestOf(scope: ListScope, params: object): string {
  const filters = Object.fromEntries(Object.entries(params).filter(([k]) => !PAGING.has(k)));
  const text = JSON.stringify([scope.list, canonical(filters), canonical(scope.filters ?? {})]);
  return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 16);
}

/** The opaque cursor for resuming `scope` (with `params`' filters) after `position`. */
export function encodeCursor(scope: ListScope, params: object, position: unknown): string {
  return Buffer.from(JSON.stringify({ d: digestOf(scope, params), p: position }), 'utf8').toString('base64url');
}

/**
 * The position a cursor resumes from, if it was made for this list and these filters and its position is
 * one `isPosition` accepts; otherwise 400 invalid_cursor.
 */
export function decodeCursor<P>(raw: string, scope: ListScope, params: object, isPosition: (p: unknown) => p is P): P {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!c || typeof c !== 'object' || (c as { d?: unknown }).d !== digestOf(scope, params)) throw invalidCursor();
  const p = (c as { p?: unknown }).p;
  if (!isPosition(p)) throw invalidCursor();
  return p;
}

const isIdPosition = (p: unknown): p is string => typeof p === 'string' && ID_POSITION.test(p);

/**
 * Keyset pagination, newest first. Ids are time-sortable, so "id < cursor" is stable under inserts,
 * unlike offsets. Fetches one extra row to know whether another page exists. `params` is the request's
 * query (limit, cursor and its filters); every filter that shapes the list must be in it or in the scope.
 */
export async function paginate<Row extends { id: string }, T>(
  query: Knex.QueryBuilder,
  params: PageParams,
  toApi: (row: Row) => T,
  scope: ListScope & { idColumn?: string },
): Promise<Page<T>> {
  const limit = params.limit ?? 20;
  const idColumn = scope.idColumn ?? 'id';
  if (params.cursor) query.where(idColumn, '<', decodeCursor(params.cursor, scope, params, isIdPosition));
  const rows = (await query.orderBy(idColumn, 'desc').limit(limit + 1)) as Row[];
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    data: page.map(toApi),
    has_more: hasMore,
    next_cursor: hasMore && last ? encodeCursor(scope, params, last.id) : null,
  };
}
