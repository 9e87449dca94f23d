/**
 * A hard deadline around one tool's work. The caller is on the line: past the deadline we answer with
 * an apology rather than keep them in silence. The work itself is not (and cannot safely be) aborted
 * mid-transaction, so it may still finish afterwards; callers must word their apology accordingly.
 */
export type Deadlined<T> =
  | { kind: 'done'; value: T; ms: number }
  | { kind: 'failed'; error: unknown; ms: number }
  | { kind: 'timeout'; ms: number };

export function withDeadline<T>(work: () => Promise<T>, deadlineMs: number, onLateFailure?: (err: unknown) => void): Promise<Deadlined<T>> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      resolve({ kind: 'timeout', ms: elapsed() });
    }, deadlineMs);
    let running: Promise<T>;
    try {
      running = work();
    } catch (err) {
      running = Promise.reject(err);
    }
    running.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ kind: 'done', value, ms: elapsed() });
      },
      (error: unknown) => {
        if (settled) return onLateFailure?.(error);
        settled = true;
        clearTimeout(timer);
        resolve({ kind: 'failed', error, ms: elapsed() });
      },
    );
  });
}
