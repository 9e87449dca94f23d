/** Edit and Delete for one named row; the hidden name tells screen-reader users which row they act on. */
export function RowActions({ name, onEdit, onDelete }: { name: string; onEdit: () => void; onDelete: () => void }) {
  return (
    <div className="row">
      <button type="button" className="button button-secondary button-small" onClick={onEdit}>
        Edit<span className="sr-only"> {name}</span>
      </button>
      <button type="button" className="button button-danger-ghost button-small" onClick={onDelete}>
        Delete<span className="sr-only"> {name}</span>
      </button>
    </div>
  );
}
