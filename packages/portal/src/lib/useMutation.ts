import { useState } from 'react';

/**
 * One write at a time from a form or a button: `busy` while it runs, its failure kept in `error` for a
 * ProblemAlert (cleared when the next attempt starts). `run` resolves to whether the write worked, so a
 * caller closes its form or dialog only on success; the write's own effects (updating a list, announcing
 * the result) belong inside it, where they happen only when it succeeds.
 */
export function useMutation() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (write: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await write();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, setError };
}
