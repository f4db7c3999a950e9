import type { TFunction } from 'i18next';
import type { ApiError } from '../../ui/api-client.js';

/** The server's code in the reader's language when we know it, its own message otherwise. */
export function errorText(t: TFunction, error: ApiError): string {
  const key = `fleet.errors.${error.code}`;
  const known = t(key);
  return known === key ? t('common.error', { message: error.message }) : known;
}
