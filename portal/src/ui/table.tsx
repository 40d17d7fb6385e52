/**
 * The table pattern: a header row, one row per item; under 600 px each row becomes a card whose
 * cells carry their column's header (styles.css, `table.cards`). Columns say their header and
 * how to show an item; `testId` names the table for the browser tests.
 */
import type { ComponentChildren } from 'preact';

export interface Column<T> {
  header: string;
  cell: (item: T) => ComponentChildren;
}

export function DataTable<T>({
  columns,
  items,
  rowKey,
  testId,
}: {
  columns: Column<T>[];
  items: T[];
  rowKey: (item: T) => string;
  testId?: string;
}) {
  return (
    <div class="table-scroll">
      <table class="cards" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={rowKey(item)}>
              {columns.map((c) => (
                <td key={c.header} data-label={c.header}>
                  {c.cell(item)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
