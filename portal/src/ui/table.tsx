/**
 * The table pattern: a header row, one row per item; under 600 px each row becomes a card whose
 * cells carry their column's header (styles.css, `table.cards`). The explicit roles keep the
 * table a table for screen readers when CSS displays it as blocks. Columns say their header and
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
      <table class="cards" role="table" data-testid={testId}>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((c) => (
              <th key={c.header} scope="col" role="columnheader">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {items.map((item) => (
            <tr key={rowKey(item)} role="row">
              {columns.map((c) => (
                <td key={c.header} role="cell" data-label={c.header}>
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
