import { useState } from 'react';
import { useMutation } from './useMutation.ts';

/**
 * Confirm-before-destroy for one row at a time: `ask(row)` opens the dialog, confirming runs `action(row)`
 * and closes only if it worked (a failure stays in the dialog, beside the button to try again), cancelling
 * forgets the row and its error. Spread `dialog` into <ConfirmDialog>.
 */
export function useConfirm<T>(action: (target: T) => Promise<unknown>) {
  const [target, setTarget] = useState<T | null>(null);
  const mutation = useMutation();
  return {
    target,
    ask: (row: T) => setTarget(() => row),
    /** The in-flight state, for controls outside the dialog that must wait for it too. */
    busy: mutation.busy,
    dialog: {
      open: target !== null,
      busy: mutation.busy,
      error: mutation.error,
      onConfirm: () => {
        if (target === null) return;
        void mutation.run(() => action(target)).then((ok) => ok && setTarget(null));
      },
      onCancel: () => {
        setTarget(null);
        mutation.setError(null);
      },
    },
  };
}
