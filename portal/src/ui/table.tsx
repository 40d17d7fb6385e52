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

/**
 * A wide table's frame that scrolls sideways on a phone (the first column stays in view through
 * styles.css): a labelled region the keyboard can focus and scroll (WCAG 2.1.1).
 */
export function ScrollRegion({
  label,
  busy,
  children,
}: {
  label: string;
  busy?: boolean;
  children: ComponentChildren;
}) {
  return (
    <section
      class="table-scroll gradebook-scroll"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must take the focus (WCAG 2.1.1): the keyboard scrolls it
      tabIndex={0}
      {...(busy === undefined ? {} : { 'aria-busy': busy ? 'true' : 'false' })}
    >
      {children}
    </section>
  );
}
