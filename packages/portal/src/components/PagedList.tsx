import type { ReactNode } from 'react';
import type { Paged } from '../lib/useAsync.ts';
import { Loading } from './Loading.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';

interface Props<T> {
  list: Paged<T>;
  /** Announced while the first page loads, e.g. "Loading members…". */
  loadingLabel: string;
  /** What failed, e.g. "Could not load members"; the alert offers to try again. */
  errorTitle: string;
  /** What failed when the next page did not arrive, e.g. "Could not load more members". */
  moreErrorTitle: string;
  /** The button that fetches the next page (default "Load more"). */
  moreLabel?: string;
  /** Shown when the first page is empty, usually an <EmptyState>. */
  empty: ReactNode;
  /** The items loaded so far (never empty). */
  children(items: T[]): ReactNode;
}

/**
 * Every state of a cursor-paginated list in one place: loading, the error with a retry, empty, the items,
 * then "Load more" while there is a next page and the error if that page failed. Pages only say what the
 * items look like, so a list never forgets its empty or error state.
 */
export function PagedList<T>({ list, loadingLabel, errorTitle, moreErrorTitle, moreLabel = 'Load more', empty, children }: Props<T>) {
  const { state } = list;
  return (
    <>
      {state.status === 'loading' && <Loading label={loadingLabel} />}
      {state.status === 'error' && <ProblemAlert error={state.error} title={errorTitle} onRetry={list.reload} />}
      {state.status === 'ready' && (state.data.length === 0 ? empty : children(state.data))}
      {list.hasMore && (
        <button type="button" className="button button-secondary" onClick={list.loadMore} disabled={list.loadingMore}>
          {list.loadingMore ? 'Loading…' : moreLabel}
        </button>
      )}
      {list.moreError != null && <ProblemAlert error={list.moreError} title={moreErrorTitle} />}
    </>
  );
}
