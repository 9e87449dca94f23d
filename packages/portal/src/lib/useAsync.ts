import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api.ts';

export type AsyncState<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; data: T };

/**
 * Loads once per change of `deps` and on reload(). An answer that arrives after a newer request started
 * is dropped, so switching orgs quickly never shows the previous org's data.
 */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const id = ++latest.current;
    setState({ status: 'loading' });
    load().then(
      (data) => id === latest.current && setState({ status: 'ready', data }),
      (error: unknown) => id === latest.current && setState({ status: 'error', error }),
    );
    // `load` is a fresh closure each render; `deps` says when it actually changes.
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { state, reload, setState };
}

export interface Paged<T> {
  state: AsyncState<T[]>;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: unknown;
  loadMore(): void;
  reload(): void;
  /** Local edits after a successful write (a revoked key, a changed role) without refetching. */
  update(fn: (items: T[]) => T[]): void;
}

/** A cursor-paginated list: the first page on load, then "Load more" appends the next. */
export function usePaged<T>(loadPage: (cursor?: string) => Promise<Page<T>>, deps: readonly unknown[]): Paged<T> {
  const [state, setState] = useState<AsyncState<T[]>>({ status: 'loading' });
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const id = ++latest.current;
    setState({ status: 'loading' });
    setCursor(null);
    setMoreError(null);
    loadPage().then(
      (page) => {
        if (id !== latest.current) return;
        setState({ status: 'ready', data: page.data });
        setCursor(page.has_more ? page.next_cursor : null);
      },
      (error: unknown) => id === latest.current && setState({ status: 'error', error }),
    );
  }, [...deps, nonce]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const id = latest.current;
    setLoadingMore(true);
    setMoreError(null);
    loadPage(cursor).then(
      (page) => {
        if (id !== latest.current) return;
        setState((s) => (s.status === 'ready' ? { status: 'ready', data: [...s.data, ...page.data] } : s));
        setCursor(page.has_more ? page.next_cursor : null);
        setLoadingMore(false);
      },
      (error: unknown) => {
        if (id !== latest.current) return;
        setMoreError(error);
        setLoadingMore(false);
      },
    );
  }, [cursor, loadingMore, ...deps]);

  return {
    state,
    hasMore: cursor !== null,
    loadingMore,
    moreError,
    loadMore,
    reload: useCallback(() => setNonce((n) => n + 1), []),
    update: useCallback((fn: (items: T[]) => T[]) => setState((s) => (s.status === 'ready' ? { status: 'ready', data: fn(s.data) } : s)), []),
  };
}
