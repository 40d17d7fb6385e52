import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import type { PagedState } from './hooks.ts';
import { Empty, ErrorPanel, Loading } from './states.tsx';

/**
 * The list pattern: loading, error, empty, the rows, and cursor pagination below them. The number
 * of results is said (and announced to screen readers); with `searchKey` (the words searched),
 * focus moves to the results when a new search's answer arrives; `empty` says what no result means.
 */
export function PagedList<T>({
  state,
  label,
  searchKey,
  empty,
  children,
}: {
  state: PagedState<T>;
  label: string;
  searchKey?: string;
  empty?: string;
  children: (items: T[]) => ComponentChildren;
}) {
  const results = useRef<HTMLDivElement>(null);
  const focusedFor = useRef(searchKey);
  useEffect(() => {
    if (!state.data || state.loading || searchKey === undefined || focusedFor.current === searchKey) return;
    focusedFor.current = searchKey;
    results.current?.focus();
  }, [state.data, state.loading, searchKey]);
  if (state.error) return <ErrorPanel error={state.error} retry={state.reload} />;
  if (!state.data) return <Loading />;
  const count = state.data.items.length;
  return (
    <div class="paged" aria-busy={state.loading ? 'true' : 'false'} ref={results} tabIndex={-1}>
      <p class="result-count" aria-live="polite" data-testid="result-count">
        {state.next ? t('list.countMore', { count }) : t('list.count', { count })}
      </p>
      {count === 0 ? <Empty>{empty}</Empty> : children(state.data.items)}
      {(state.next || state.first) && (
        <nav class="pager" aria-label={label}>
          <button type="button" onClick={state.first} disabled={!state.first}>
            {t('list.first')}
          </button>
          <span aria-live="polite">{t('list.page', { n: state.pageNumber })}</span>
          <button type="button" onClick={state.next} disabled={!state.next}>
            {t('list.more')}
          </button>
        </nav>
      )}
    </div>
  );
}
