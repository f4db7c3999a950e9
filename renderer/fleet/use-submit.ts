import { useState } from 'preact/hooks';
import type { ApiError, Result } from '../ui/api-client.js';

export interface SubmitState<T> {
  error: ApiError | null;
  isBusy: boolean;
  /** Runs the call with the form marked busy; the value goes to `onDone`, a refusal to `error`. */
  run: (call: () => Promise<Result<T>>) => Promise<void>;
}

/** A form's one call to the server: busy while it runs, its refusal kept for the form to show. */
export function useSubmit<T>(onDone: (value: T) => void): SubmitState<T> {
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const run = async (call: () => Promise<Result<T>>): Promise<void> => {
    setIsBusy(true);
    const result = await call();
    setIsBusy(false);
    if (result.ok) {
      setError(null);
      onDone(result.value);
    } else {
      setError(result.error);
    }
  };
  return { error, isBusy, run };
}
