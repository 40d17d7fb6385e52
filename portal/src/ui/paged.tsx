import type { ComponentChildren } from 'preact';
import { t } from '../i18n/index.ts';
import type { PagedState } from './hooks.ts';
import { Empty, ErrorPanel, Loading } from './states.tsx';

/** The list pattern: loading, error, empty, the rows, and cursor pagination below them. */
export function PagedList<T>({
  state,
  label,
  children,
}: {
  state: PagedState<T>;
  label: string;
  children: (items: T[]) => ComponentChildren;
}) {
  if (state.error) return <ErrorPanel error={state.error} retry={state.reload} />;
  if (!state.data) return <Loading />;
  return (
    <div class="paged" aria-busy={state.loading ? 'true' : 'false'}>
      {state.data.items.length === 0 ? <Empty /> : children(state.data.items)}
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
