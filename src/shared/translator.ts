import { createInstance } from 'i18next';
import type { TFunction } from 'i18next';
import en from '../../locales/en.json' with { type: 'json' };
import es from '../../locales/es.json' with { type: 'json' };
import fr from '../../locales/fr.json' with { type: 'json' };
import ru from '../../locales/ru.json' with { type: 'json' };
import type { Language } from './i18n.js';

/**
 * Kept apart from i18n.ts so that code needing only the language list does not pull every
 * language's text (and i18next) into memory: the headless agent's `run` never prints text,
 * and loads this module only when a page or command needs it.
 */
const resources = {
  en: { translation: en },
  fr: { translation: fr },
  es: { translation: es },
  ru: { translation: ru },
};

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
