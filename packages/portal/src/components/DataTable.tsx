import type { ReactNode } from 'react';

interface Props {
  /** Read by screen readers only: what the table lists and in which order. */
  caption: ReactNode;
  /** The column headings, left to right (text, or text with a live part such as a timezone). */
  columns: readonly ReactNode[];
  /** Adds a last column for row buttons, headed "Actions" for screen readers only. */
  actions?: boolean;
  /** The <tr> rows. */
  children: ReactNode;
}

/** The portal's table: scrolls sideways on narrow screens, a hidden caption, and column headers scoped for row reading. */
export function DataTable({ caption, columns, actions, children }: Props) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              // The headings are fixed for a table's lifetime, so their position is a stable key.
              <th key={i} scope="col">
                {c}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
