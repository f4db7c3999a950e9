import type { TFunction } from 'i18next';
import type { Language } from '../../shared/i18n.js';
import { pickLanguage } from '../../shared/i18n.js';
import { createTranslator } from '../../shared/translator.js';

/**
 * The few HTML pages the API answers itself; the dashboard proper is the built page. Their
 * text comes from our own locale files (trusted), in the reader's language.
 */

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
    "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Sent on every answer: harmless on JSON, and the page must never be framed or sniffed. */
export function securityHeaders(): Readonly<Record<string, string>> {
  return SECURITY_HEADERS;
}

const translators = new Map<Language, TFunction>();

/** The reader's language from Accept-Language; the page has no settings of its own yet. */
function translatorFor(acceptLanguage: string | undefined): { language: Language; t: TFunction } {
  const language = pickLanguage(acceptLanguage?.split(',')[0]?.split(';')[0]?.trim());
  let t = translators.get(language);
  if (!t) {
    t = createTranslator(language);
    translators.set(language, t);
  }
  return { language, t };
}

const code = (text: string): string => `<code>${text}</code>`;

function page(language: Language, title: string, paragraphs: string[]): string {
  return [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title} — DashFleet</title></head>`,
    `<body><h1>${title}</h1>`,
    ...paragraphs.map((text) => `<p>${text}</p>`),
    '</body></html>',
    '',
  ].join('\n');
}

/** Asked for the page without the session cookie: say how to get in. */
export function unauthorizedPage(acceptLanguage: string | undefined): string {
  const { language, t } = translatorFor(acceptLanguage);
  return page(language, t('agentPage.unauthorized.title'), [
    t('agentPage.unauthorized.link', {
      example: code('dashboard: http://127.0.0.1:…/auth?secret=…'),
    }),
    t('agentPage.unauthorized.open', { command: code('dashfleet-agent open') }),
  ]);
}

/** The API runs but the page was never built (a source checkout without `npm run build`). */
export function notBuiltPage(acceptLanguage: string | undefined): string {
  const { language, t } = translatorFor(acceptLanguage);
  return page(language, t('agentPage.notBuilt.title'), [
    t('agentPage.notBuilt.api', { path: code('/api/') }),
    t('agentPage.notBuilt.build', { command: code('npm run build') }),
  ]);
}
