import type { ReactNode } from 'react';
import type { EditableList } from '../lib/useEditableList.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { LiveStatus } from './LiveStatus.tsx';
import { RowActions } from './RowActions.tsx';

interface Props<T extends { id: string; name: string }> {
  /** Prefix of the heading's id, e.g. "services". */
  id: string;
  /** The card's heading, also the list's accessible name. */
  title: string;
  /** The button that opens a blank form, e.g. "Add service"; shown while no form is open. */
  addLabel: string;
  canAdd: boolean;
  /** Whether each row offers Edit and Delete. */
  canEdit: boolean;
  list: EditableList<T>;
  items: T[];
  /** The inline form for `list.current` (null: a new item), shown while one is open. */
  form: ReactNode;
  empty: ReactNode;
  /** What a row says about its item; Edit and Delete are added after it. */
  children(item: T): ReactNode;
  /** The dialog's confirm button, e.g. "Delete service". */
  deleteLabel: string;
  /** What deleting does, in the dialog. */
  deleteWarning: ReactNode;
}

/** A card listing named items that are added, edited inline and deleted after confirming, one form at a time. */
export function EditableListCard<T extends { id: string; name: string }>(props: Props<T>) {
  const { id, title, addLabel, canAdd, canEdit, list, items, form, empty, children, deleteLabel, deleteWarning } = props;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>{title}</h2>
        {canAdd && list.editing === null && (
          <button type="button" className="button button-secondary" onClick={list.add}>
            {addLabel}
          </button>
        )}
      </div>
      {list.editing !== null && form}
      {items.length === 0 ? (
        empty
      ) : (
        <ul className="list" aria-label={title}>
          {items.map((item) => (
            <li key={item.id} className="list-item">
              {children(item)}
              {canEdit && <RowActions name={item.name} onEdit={() => list.edit(item)} onDelete={() => list.removing.ask(item)} />}
            </li>
          ))}
        </ul>
      )}
      <LiveStatus message={list.status} />
      <ConfirmDialog {...list.removing.dialog} title={`Delete ${list.removing.target?.name ?? ''}?`} confirmLabel={deleteLabel}>
        {deleteWarning}
      </ConfirmDialog>
    </section>
  );
}
