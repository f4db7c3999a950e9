import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ApiError, Result } from '../ui/api-client.js';

export interface ListState<T> {
  items: T[] | null;
  error: ApiError | null;
  reload: () => void;
}

/** A list loaded from the server, reloaded after each change the page makes. */
export function useList<T>(load: () => Promise<Result<T[]>>): ListState<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  useEffect(() => {
    let isCurrent = true;
    void load().then((result) => {
      if (!isCurrent) return;
      if (result.ok) {
        setItems(result.value);
        setError(null);
      } else {
        setError(result.error);
      }
    });
    return () => {
      isCurrent = false;
    };
  }, [generation]);
  return { items, error, reload };
}
