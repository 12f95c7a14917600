import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';

export interface ReportResource<T> {
  /** The last answer, kept on screen while the next one loads (filters change often). */
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/**
 * Loads `load()` whenever `key` changes (null: nothing to ask, e.g. an invalid period). Unlike
 * useApi the figures already shown stay until the new ones arrive, so the page does not jump
 * at each filter change; a slower answer to an older key is dropped.
 */
export function useReport<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): ReportResource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (key === null) {
      setLoading(false);
      return undefined;
    }
    const controller = new AbortController();
    setLoading(true);
    load(controller.signal)
      .then((answer) => {
        if (controller.signal.aborted) return;
        setData(answer);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof ApiError ? failure : ApiError.network(failure));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
    // `load` is a fresh closure each render; `key` says what it asks for.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, loading, reload };
}
