import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { TFunction } from 'i18next';
import { pickLanguage } from '../../src/shared/i18n.js';
import { createTranslator } from '../../src/shared/translator.js';
import type { Language } from '../../src/shared/i18n.js';

/** What every component needs to speak the reader's language. */
export interface PageLanguage {
  language: Language;
  /** BCP 47 tag for Intl: the browser's own tag when it is the same language (fr-CA keeps CA). */
  locale: string;
  t: TFunction;
}

/** The chosen language (settings), else the browser's, else English. */
export function resolveLanguage(
  chosen: Language | null | undefined,
  browserLanguages: readonly string[],
): Language {
  return chosen ?? pickLanguage(browserLanguages[0]);
}

export function localeFor(language: Language, browserLanguages: readonly string[]): string {
  return browserLanguages.find((tag) => pickLanguage(tag) === language) ?? language;
}

export function createPageLanguage(
  language: Language,
  browserLanguages: readonly string[],
): PageLanguage {
  return { language, locale: localeFor(language, browserLanguages), t: createTranslator(language) };
}

export const LanguageContext = createContext<PageLanguage>(createPageLanguage('en', []));

export function useLanguage(): PageLanguage {
  return useContext(LanguageContext);
}

/** Each language named in itself, so a reader finds theirs whatever the page speaks. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ru: 'Русский',
};
