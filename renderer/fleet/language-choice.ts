import { LANGUAGES } from '../../src/shared/i18n.js';
import type { Language } from '../../src/shared/i18n.js';
import { resolveLanguage } from '../ui/i18n.js';

const STORAGE_KEY = 'dashfleet.language';

/** Storage as this page uses it (a seam: tests pass a Map-backed one). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The language the reader chose on this browser, else the browser's own, else English. */
export function initialLanguage(
  storage: StorageLike | null,
  browserLanguages: readonly string[],
): Language {
  return resolveLanguage(readStored(storage), browserLanguages);
}

function readStored(storage: StorageLike | null): Language | null {
  try {
    const value = storage?.getItem(STORAGE_KEY) ?? null;
    return LANGUAGES.find((language) => language === value) ?? null;
  } catch {
    // Storage can be disabled (privacy settings); the browser's language still works.
    return null;
  }
}

export function storeLanguage(storage: StorageLike | null, language: Language): void {
  try {
    storage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted this time; the choice still applies to this visit.
  }
}
