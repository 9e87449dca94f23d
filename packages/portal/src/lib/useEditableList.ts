import { useState } from 'react';
import { useConfirm } from './useConfirm.ts';

interface Named {
  id: string;
  name: string;
}

/**
 * A list edited in place on its card (locations, practitioners and rooms, services): at most one inline form
 * open, for a new item or an existing one; a saved item replaces its old self or goes first; deleting asks
 * first. The parent owns the list (`onChange`), and each outcome is announced in `status` for a LiveStatus.
 */
export function useEditableList<T extends Named>(items: T[], onChange: (items: T[]) => void, destroy: (item: T) => Promise<unknown>, startNew = false) {
  const [editing, setEditing] = useState<T | 'new' | null>(startNew ? 'new' : null);
  const [status, setStatus] = useState<string | null>(null);
  const removing = useConfirm(async (item: T) => {
    await destroy(item);
    onChange(items.filter((x) => x.id !== item.id));
    setStatus(`${item.name} was deleted.`);
  });
  return {
    /** Whether a form is open, and for what. */
    editing,
    /** The item the open form edits; null for a new one. */
    current: editing === 'new' ? null : editing,
    /** A React key per form, so switching items starts a fresh form. */
    formKey: editing === 'new' ? 'new' : (editing?.id ?? ''),
    status,
    removing,
    add: () => setEditing('new'),
    edit: (item: T) => setEditing(() => item),
    close: () => setEditing(null),
    saved: (item: T) => {
      onChange(editing === 'new' ? [item, ...items] : items.map((x) => (x.id === item.id ? item : x)));
      setEditing(null);
      setStatus(`${item.name} was saved.`);
    },
  };
}

export type EditableList<T extends Named> = ReturnType<typeof useEditableList<T>>;
