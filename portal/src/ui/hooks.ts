import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Page } from '../api/client.ts';

export interface AsyncState<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs a request when its inputs change; a newer run wins over a slower older one. */
export function useAsync<T>(run: (signal: AbortSignal) => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<Omit<AsyncState<T>, 'reload'>>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    run(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (error: unknown) => !controller.signal.aborted && setState({ error, loading: false }),
    );
    return () => controller.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export interface PagedState<T> extends AsyncState<Page<T>> {
  pageNumber: number;
  next?: () => void;
  first?: () => void;
}

/** Server-side pagination with opaque cursors: forward one page at a time, or back to the first. */
export function usePaged<T>(
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
  deps: unknown[],
): PagedState<T> {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const depsKey = JSON.stringify(deps);
  const lastKey = useRef(depsKey);
  if (lastKey.current !== depsKey) {
    lastKey.current = depsKey;
    if (cursors.length > 1) setCursors([undefined]);
  }
  const cursor = cursors[cursors.length - 1];
  const state = useAsync((signal) => load(cursor, signal), [depsKey, cursor]);
  const nextCursor = state.data?.nextCursor;
  return {
    ...state,
    pageNumber: cursors.length,
    ...(nextCursor ? { next: () => setCursors((c) => [...c, nextCursor]) } : {}),
    ...(cursors.length > 1 ? { first: () => setCursors([undefined]) } : {}),
  };
}

/**
 * While `pending(value)` holds, fetches the value again every second (a worker's job, a report
 * being made) and hands it to `set`; a failed fetch waits for the next change.
 */
export function usePolling<T>(
  value: T | undefined,
  pending: (v: T) => boolean,
  fetchAgain: (v: T) => Promise<T>,
  set: (v: T) => void,
) {
  useEffect(() => {
    if (value === undefined || !pending(value)) return;
    const timer = setTimeout(() => fetchAgain(value).then(set, () => undefined), 1_000);
    return () => clearTimeout(timer);
  }, [value]);
}
