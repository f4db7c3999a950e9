import { describe, expect, it } from 'vitest';
import { createPageLanguage, localeFor, resolveLanguage } from '../../renderer/ui/i18n.js';
import { hrefFor, routeFromHash } from '../../renderer/local/routes.js';

describe('page language', () => {
  it('follows the browser unless the settings choose a language', () => {
    expect(resolveLanguage(null, ['fr-CA', 'en'])).toBe('fr');
    expect(resolveLanguage('ru', ['fr-CA'])).toBe('ru');
    expect(resolveLanguage(undefined, ['de-DE'])).toBe('en');
  });

  it('keeps the browser’s regional tag for Intl when it is the same language', () => {
    expect(localeFor('fr', ['fr-CA'])).toBe('fr-CA');
    expect(localeFor('es', ['fr-CA', 'es-MX'])).toBe('es-MX');
    expect(localeFor('ru', ['en-GB'])).toBe('ru');
  });

  it('translates with plural forms of the chosen language', () => {
    const { t } = createPageLanguage('ru', []);
    expect(t('history.emptyStarted', { count: 3 })).toContain('3 минуты назад');
    expect(t('history.emptyStarted', { count: 5 })).toContain('5 минут назад');
    expect(createPageLanguage('en', []).t('overview.polling', { count: 1 })).toBe(
      'Refreshing every second',
    );
  });
});

describe('routes', () => {
  it.each([
    ['', 'overview'],
    ['#/', 'overview'],
    ['#/history', 'history'],
    ['#/this-pc', 'this-pc'],
    ['#/settings?x=1', 'settings'],
    ['#/nowhere', 'overview'],
  ] as const)('%j → %s', (hash, route) => {
    expect(routeFromHash(hash)).toBe(route);
  });

  it('links with hash routes only', () => {
    expect(hrefFor('overview')).toBe('#/');
    expect(hrefFor('history')).toBe('#/history');
  });
});
