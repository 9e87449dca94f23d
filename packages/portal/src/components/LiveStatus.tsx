/**
 * Where the outcome of an action ("Saved", "Key revoked") is announced. The region is always in the
 * DOM, so assistive tech picks up changes to its text.
 */
export function LiveStatus({ message }: { message: string | null }) {
  return (
    <p className="live-status" role="status" aria-live="polite">
      {message ?? ''}
    </p>
  );
}
