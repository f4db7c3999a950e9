import type { TFunction } from 'i18next';

/** A link error in the reader's language; a code this page does not know shows the agent's words. */
export function linkErrorText(t: TFunction, error: { code: string; message: string }): string {
  return t(`link.errors.${error.code}`, { defaultValue: error.message });
}
