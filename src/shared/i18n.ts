export const LANGUAGES = ['en', 'fr', 'es', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Maps a BCP 47 tag such as `fr-CA` to a language we ship, English otherwise. */
export function pickLanguage(locale: string | undefined): Language {
  const primary = (locale ?? '').toLowerCase().split(/[-_.]/)[0];
  return LANGUAGES.find((language) => language === primary) ?? 'en';
}
