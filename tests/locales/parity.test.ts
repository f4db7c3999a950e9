import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json' with { type: 'json' };
import es from '../../locales/es.json' with { type: 'json' };
import fr from '../../locales/fr.json' with { type: 'json' };
import ru from '../../locales/ru.json' with { type: 'json' };

const OTHERS = { fr, es, ru } as const;
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** `{ a: { b: "x" } }` → `{ "a.b": "x" }`; anything but strings and objects is reported. */
function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') flat.set(path, value);
    else if (typeof value === 'object' && value !== null) {
      for (const [inner, text] of flatten(value, path)) flat.set(inner, text);
    } else flat.set(path, `<not a string: ${String(value)}>`);
  }
  return flat;
}

interface Entry {
  /** Plural categories present, or null for a key without plural forms. */
  categories: string[] | null;
  /** Placeholders over all forms; `count` is implied by plural forms, so left out. */
  placeholders: string[];
  texts: Map<string, string>;
}

/** Groups `x_one`/`x_other` under `x`, only when an `_other` form exists. */
function entries(locale: unknown): Map<string, Entry> {
  const flat = flatten(locale);
  const pluralBases = new Set(
    [...flat.keys()].filter((key) => key.endsWith('_other')).map((key) => key.slice(0, -6)),
  );
  const result = new Map<string, Entry>();
  for (const [key, text] of flat) {
    const match = PLURAL_SUFFIX.exec(key);
    const base =
      match && pluralBases.has(key.slice(0, match.index)) ? key.slice(0, match.index) : key;
    const entry = result.get(base) ?? {
      categories: base === key ? null : [],
      placeholders: [],
      texts: new Map<string, string>(),
    };
    if (match && base !== key) entry.categories?.push(match[1] ?? '');
    entry.texts.set(key, text);
    result.set(base, entry);
  }
  for (const entry of result.values()) {
    const names = new Set<string>();
    for (const text of entry.texts.values()) {
      for (const [, name] of text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)) {
        if (name !== undefined && !(entry.categories && name === 'count')) names.add(name);
      }
    }
    entry.placeholders = [...names].sort();
    entry.categories?.sort();
  }
  return result;
}

const categoriesOf = (language: string): string[] =>
  [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();

describe('locales', () => {
  const reference = entries(en);

  it('has English plural groups in exactly English’s plural categories', () => {
    for (const [key, entry] of reference) {
      if (entry.categories) expect(entry.categories, key).toEqual(categoriesOf('en'));
    }
  });

  describe.each(Object.entries(OTHERS))('%s', (language, locale) => {
    const translated = entries(locale);

    it('has exactly English’s keys', () => {
      expect([...translated.keys()].sort()).toEqual([...reference.keys()].sort());
    });

    it('has every plural form its language needs, and no others', () => {
      for (const [key, entry] of reference) {
        const categories = entry.categories ? categoriesOf(language) : null;
        expect(translated.get(key)?.categories ?? null, key).toEqual(categories);
      }
    });

    it('uses the same placeholders as English in every key', () => {
      for (const [key, entry] of reference) {
        expect(translated.get(key)?.placeholders, key).toEqual(entry.placeholders);
      }
    });

    it('says the count in every "other" plural form and leaves no text empty', () => {
      for (const [key, entry] of translated) {
        for (const [form, text] of entry.texts) {
          expect(text.trim(), form).not.toBe('');
          if (entry.categories && form.endsWith('_other'))
            expect(text, form).toContain('{{count}}');
        }
        expect(key).not.toBe('');
      }
    });
  });
});
