import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { ApiError } from '../api/api-error';

export type AsyncState<T> =
  { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

export interface ApiResource<T> {
  state: AsyncState<T>;
  /** Reloads in the background: the current data stays on screen until the new data arrives. */
  reload(): void;
  /** True while a reload is in flight after a first successful load. */
  refreshing: boolean;
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : ApiError.network(error);
}

/** Loads data from the API when `deps` change; aborts the request when the component goes away. */
export function useApi<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): ApiResource<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    setState({ status: 'loading' });
  }, deps); // the caller's deps decide when to load afresh; `load` is a fresh closure each render

  useEffect(() => {
    const controller = new AbortController();
    setRefreshing(true);
    load(controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: asApiError(error) });
      })
      .finally(() => {
        if (!controller.signal.aborted) setRefreshing(false);
      });
    return () => controller.abort();
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { state, reload, refreshing };
}
