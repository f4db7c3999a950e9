import { describe, expect, it } from 'vitest';
import { LANGUAGES, pickLanguage } from '../../src/shared/i18n.js';
import { createTranslator } from '../../src/shared/translator.js';

describe('i18n', () => {
  it.each([
    ['fr-CA', 'fr'],
    ['es_ES.UTF-8', 'es'],
    ['ru', 'ru'],
    ['de-DE', 'en'],
    [undefined, 'en'],
  ])('picks a shipped language for %s', (locale, expected) => {
    expect(pickLanguage(locale)).toBe(expected);
  });

  it('translates a health reason with its parameters in every language', () => {
    const params = { volume: 'C:', percent: 94 };
    const texts = LANGUAGES.map((language) =>
      createTranslator(language)('health.diskFull', params),
    );
    expect(texts[0]).toBe('Disk C: is 94% full');
    for (const text of texts) expect(text).toMatch(/C:.*94/);
    expect(new Set(texts).size).toBe(LANGUAGES.length);
  });
});
