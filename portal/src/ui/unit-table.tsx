/**
 * A table of units (a city's communes, a commune's schools): every unit listed, sortable by a
 * click on a column's header (a button, so the keyboard sorts too; `aria-sort` says the order),
 * filtered to the units behind, with work waiting or with no data, and each unit behind flagged by
 * a "Chậm" badge with its reason in words (not colour alone). Under 600 px the rows are cards like
 * every `DataTable`. The page keeps the filter in its URL (`?filter=behind`), so a home's task
 * can link to the units behind.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import {
  keepRow,
  nextSort,
  parseUnitFilter,
  type SortDirection,
  type SortState,
  type SortValue,
  sortRows,
  UNIT_FILTERS,
  type UnitFacts,
  type UnitFilter,
} from './unit-rows.ts';

export interface UnitColumn<R> {
  key: string;
  header: string;
  /** What the column sorts by (null: no value, sorted last). */
  value: (row: R) => SortValue;
  /** How a cell shows (defaults to the value, "—" without one). */
  cell?: (row: R) => ComponentChildren;
  /** The first order on a click: names ascending, counts descending (the largest first). */
  first?: SortDirection;
}

export function LagBadge({ reasons }: { reasons: readonly string[] }) {
  if (!reasons.length) return null;
  return (
    <span class="badge badge-behind" data-testid="behind">
      {t('units.behind')}: {reasons.join('; ')}
    </span>
  );
}

/** The filter as a choice above the table; the page keeps it (and its URL) in step. */
function FilterChoice({
  value,
  onChange,
  id,
}: {
  value: UnitFilter;
  onChange: (f: UnitFilter) => void;
  id: string;
}) {
  return (
    <div class="field unit-filter">
      <label for={id}>{t('units.filter')}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as UnitFilter)}
      >
        {UNIT_FILTERS.map((f) => (
          <option key={f} value={f}>
            {t(`units.filter.${f}` as never)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function UnitTable<R>({
  rows,
  rowKey,
  name,
  columns,
  facts,
  filter,
  onFilter,
  initialSort,
  testId,
}: {
  rows: readonly R[];
  rowKey: (row: R) => string;
  /** The unit's name cell (a link to the unit, usually) and its text for sorting. */
  name: { header: string; text: (row: R) => string; cell?: (row: R) => ComponentChildren };
  columns: UnitColumn<R>[];
  facts: (row: R) => UnitFacts;
  filter: UnitFilter;
  onFilter: (filter: UnitFilter) => void;
  initialSort?: SortState;
  testId?: string;
}) {
  const [sort, setSort] = useState<SortState>(initialSort ?? { key: 'name', direction: 'ascending' });
  const all: UnitColumn<R>[] = [
    { key: 'name', header: name.header, value: name.text, first: 'ascending', cell: name.cell ?? name.text },
    ...columns,
  ];
  const column = all.find((c) => c.key === sort.key) ?? all[0]!;
  const shown = sortRows(
    rows.filter((r) => keepRow(facts(r), filter)),
    column.value,
    sort.direction,
    name.text,
  );
  const behind = rows.filter((r) => facts(r).behind.length > 0).length;
  const filterId = `${testId ?? 'units'}-filter`;
  return (
    <div class="unit-table">
      <div class="toolbar">
        <FilterChoice id={filterId} value={filter} onChange={onFilter} />
        <p class="result-count" aria-live="polite" data-testid={testId ? `${testId}-count` : undefined}>
          {t('units.count', { shown: shown.length, total: rows.length, behind })}
        </p>
      </div>
      {shown.length === 0 ? (
        <p>{t('units.noneShown')}</p>
      ) : (
        <div class="table-scroll">
          <table class="cards" data-testid={testId}>
            <thead>
              <tr>
                {all.map((c) => {
                  const sorted = c.key === sort.key;
                  return (
                    <th key={c.key} scope="col" aria-sort={sorted ? sort.direction : 'none'}>
                      <button
                        type="button"
                        class="sort"
                        data-sort={c.key}
                        onClick={() => setSort(nextSort(sort, c.key, c.first ?? 'descending'))}
                      >
                        {c.header}
                        <span aria-hidden="true">
                          {sorted ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
                        </span>
                      </button>
                    </th>
                  );
                })}
                <th scope="col">{t('units.state')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => {
                const f = facts(row);
                return (
                  <tr key={rowKey(row)} data-behind={f.behind.length > 0 ? 'true' : undefined}>
                    {all.map((c) => {
                      const v = c.value(row);
                      return (
                        <td key={c.key} data-label={c.header}>
                          {c.cell ? c.cell(row) : v === null || v === undefined ? '—' : v}
                        </td>
                      );
                    })}
                    <td data-label={t('units.state')}>
                      {f.behind.length ? (
                        <LagBadge reasons={f.behind} />
                      ) : f.noData ? (
                        t('units.noData')
                      ) : (
                        t('units.onTrack')
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The filter kept in the page's URL (`?filter=…`), so a link can open the table filtered. */
export function useUrlFilter(): [UnitFilter, (f: UnitFilter) => void] {
  const [filter, setFilter] = useState<UnitFilter>(() =>
    parseUnitFilter(new URLSearchParams(location.search).get('filter')),
  );
  return [
    filter,
    (next) => {
      const params = new URLSearchParams(location.search);
      if (next === 'all') params.delete('filter');
      else params.set('filter', next);
      const query = params.toString();
      history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}`);
      setFilter(next);
    },
  ];
}
