import { describe, expect, it } from 'vitest';
import { initialLanguage, storeLanguage } from '../../../renderer/fleet/language-choice.js';
import type { StorageLike } from '../../../renderer/fleet/language-choice.js';
import { parseTags } from '../../../renderer/fleet/tags.js';

const memory = (): StorageLike => {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
};

describe('language choice', () => {
  it('follows the browser until the reader chooses, then remembers the choice', () => {
    const storage = memory();
    expect(initialLanguage(storage, ['fr-CA', 'en'])).toBe('fr');
    expect(initialLanguage(storage, ['de-DE'])).toBe('en');
    storeLanguage(storage, 'ru');
    expect(initialLanguage(storage, ['fr-CA'])).toBe('ru');
  });

  it('ignores unknown stored values and storage that throws', () => {
    const storage = memory();
    storage.setItem('dashfleet.language', 'klingon');
    expect(initialLanguage(storage, ['es'])).toBe('es');
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(initialLanguage(broken, ['es'])).toBe('es');
    expect(() => storeLanguage(broken, 'fr')).not.toThrow();
  });
});

describe('tags field', () => {
  it('splits on commas, trims, drops empties and duplicates', () => {
    expect(parseTags(' office, front ,, office,lab ')).toEqual(['office', 'front', 'lab']);
    expect(parseTags('')).toEqual([]);
  });
});
