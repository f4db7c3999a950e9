import { createInstance } from 'i18next';
import type { TFunction } from 'i18next';
import en from '../../locales/en.json' with { type: 'json' };
import es from '../../locales/es.json' with { type: 'json' };
import fr from '../../locales/fr.json' with { type: 'json' };
import ru from '../../locales/ru.json' with { type: 'json' };

export const LANGUAGES = ['en', 'fr', 'es', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

const resources = {
  en: { translation: en },
  fr: { translation: fr },
  es: { translation: es },
  ru: { translation: ru },
};

/** Maps a BCP 47 tag such as `fr-CA` to a language we ship, English otherwise. */
export function pickLanguage(locale: string | undefined): Language {
  const primary = (locale ?? '').toLowerCase().split(/[-_.]/)[0];
  return LANGUAGES.find((language) => language === primary) ?? 'en';
}

/** A translator bound to one language; missing keys fall back to English. */
export function createTranslator(language: Language): TFunction {
  const i18n = createInstance();
  void i18n.init({
    lng: language,
    fallbackLng: 'en',
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return i18n.t.bind(i18n);
}
