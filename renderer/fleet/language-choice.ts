import { LANGUAGES, pickLanguage } from '../../src/shared/i18n.js';
import type { Language } from '../../src/shared/i18n.js';

const STORAGE_KEY = 'dashfleet.language';

/** Storage as this page uses it (a seam: tests pass a Map-backed one). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The language the reader chose on this browser, else the browser's own, else English. */
export function initialLanguage(storage: StorageLike | null, browserLanguages: readonly string[]) {
  const stored = readStored(storage);
  return stored ?? pickLanguage(browserLanguages[0]);
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

/** Each language named in itself, so a reader finds theirs whatever the page speaks. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ru: 'Русский',
};
