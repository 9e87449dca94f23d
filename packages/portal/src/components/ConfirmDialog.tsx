import { useEffect, useRef, type ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert.tsx';

interface Props {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** The button that dismisses the dialog (default "Cancel"). */
  cancelLabel?: string;
  busy?: boolean;
  error?: unknown;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A native modal <dialog>: showModal() makes the rest of the page inert (focus stays inside) and Escape
 * cancels. Cancel takes focus first, so a stray Enter never confirms a destructive action.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, cancelLabel = 'Cancel', busy, error, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault(); // React state decides when it closes
        if (!busy) onCancel();
      }}
    >
      {open && (
        <div className="dialog-body">
          <h2 id="confirm-title">{title}</h2>
          <div>{children}</div>
          {error != null && <ProblemAlert error={error} title="That did not work" />}
          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy} autoFocus>
              {cancelLabel}
            </button>
            <button type="button" className="button button-danger" onClick={onConfirm} disabled={busy}>
              {busy ? 'Working…' : confirmLabel}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
