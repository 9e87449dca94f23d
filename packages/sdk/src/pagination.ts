import type { ApiPromise } from './api-promise.js';
import type { ListMeta } from './generated/types.gen.js';

/** One page of a list endpoint, exactly as the API returns it. */
export type Page<T> = ListMeta & { data: T[] };

/**
 * A list endpoint. Nothing is fetched until you ask: `for await` walks every item across pages
 * (following `next_cursor`), `pages()` walks page by page, `firstPage()` fetches one page.
 * `limit` in the query is the page size; `cursor` resumes from a `next_cursor` you kept.
 */
export class Paginated<T> implements AsyncIterable<T> {
  readonly #fetchPage: (cursor: string | undefined) => ApiPromise<Page<T>>;
  readonly #start: string | undefined;

  constructor(fetchPage: (cursor: string | undefined) => ApiPromise<Page<T>>, startCursor?: string) {
    this.#fetchPage = fetchPage;
    this.#start = startCursor;
  }

  firstPage(): ApiPromise<Page<T>> {
    return this.#fetchPage(this.#start);
  }

  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor = this.#start;
    for (;;) {
      const page = await this.#fetchPage(cursor);
      yield page;
      if (!page.has_more || !page.next_cursor) return;
      // A cursor that does not move would loop forever; that is a server bug worth surfacing.
      if (page.next_cursor === cursor) throw new Error(`Pagination did not advance (cursor ${cursor}).`);
      cursor = page.next_cursor;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }
}

/** Builds a Paginated from a list query and the call that fetches one page of it. */
export function paginate<Q extends { cursor?: string }, T>(query: Q, fetchPage: (query: Q) => ApiPromise<Page<T>>): Paginated<T> {
  return new Paginated((cursor) => fetchPage({ ...query, cursor }), query.cursor);
}
