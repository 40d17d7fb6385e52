/**
 * The rules of a unit table, pure (no DOM, no catalogue): sorting by a column, the filters
 * ("only units behind", "records waiting", "no data") and which rows are flagged as behind.
 * `UnitTable` (unit-table.tsx) shows them; `tests/unit/unit-rows.test.ts` states them.
 */

/** A value a column sorts by: a number, a name, or nothing (no data: always last). */
export type SortValue = number | string | null | undefined;
export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  key: string;
  direction: SortDirection;
}

/** The filters every unit table offers; a page names in the URL the one chosen (`?filter=behind`). */
export const UNIT_FILTERS = ['all', 'behind', 'pending', 'no-data'] as const;
export type UnitFilter = (typeof UNIT_FILTERS)[number];

export const parseUnitFilter = (value: string | null | undefined): UnitFilter =>
  UNIT_FILTERS.includes(value as UnitFilter) ? (value as UnitFilter) : 'all';

/** What a table knows of each row to filter and flag it. */
export interface UnitFacts {
  /** Why the unit is behind (one or more reasons, said in words); empty when it is not. */
  behind: readonly string[];
  /** Work waiting (records pending approval, plans to decide, …). */
  pending: number;
  /** Nothing counted for the unit yet. */
  noData: boolean;
}

export function keepRow(facts: UnitFacts, filter: UnitFilter): boolean {
  switch (filter) {
    case 'behind':
      return facts.behind.length > 0;
    case 'pending':
      return facts.pending > 0;
    case 'no-data':
      return facts.noData;
    default:
      return true;
  }
}

const empty = (v: SortValue) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/**
 * Compares two values for a direction: numbers by size, text by Vietnamese order (diacritics
 * after their letter), and rows without a value last whichever the direction.
 */
export function compareValues(a: SortValue, b: SortValue, direction: SortDirection): number {
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
  const order =
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a).localeCompare(String(b), 'vi', { sensitivity: 'base', numeric: true });
  return direction === 'ascending' ? order : -order;
}

/**
 * Rows sorted by a column (stable: equal values keep their order, and ties fall back on `name`
 * ascending so the same table always reads the same).
 */
export function sortRows<R>(
  rows: readonly R[],
  value: (row: R) => SortValue,
  direction: SortDirection,
  name?: (row: R) => string,
): R[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort(
      (a, b) =>
        compareValues(value(a.row), value(b.row), direction) ||
        (name ? compareValues(name(a.row), name(b.row), 'ascending') : 0) ||
        a.index - b.index,
    )
    .map((x) => x.row);
}

/** The next sort after a click on a column's header: a new column starts `first`, the same one flips. */
export function nextSort(current: SortState | undefined, key: string, first: SortDirection): SortState {
  if (current?.key !== key) return { key, direction: first };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** How many rows are behind: what a home's task counts. */
export const countBehind = (facts: readonly UnitFacts[]) => facts.filter((f) => f.behind.length > 0).length;
