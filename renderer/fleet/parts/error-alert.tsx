import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import { errorText } from './error-text.js';

/** A failed call in plain words, announced at once; nothing while there is no error. */
export function ErrorAlert({ error }: { error: ApiError | null }) {
  const { t } = useLanguage();
  if (error === null) return null;
  return (
    <p class="error" role="alert">
      {errorText(t, error)}
    </p>
  );
}
