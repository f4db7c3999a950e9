/** The few HTML pages the API answers itself; the dashboard proper is the built page. */

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

function page(title: string, paragraphs: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title} — DashFleet</title></head>`,
    `<body><h1>${title}</h1>`,
    ...paragraphs.map((text) => `<p>${text}</p>`),
    '</body></html>',
    '',
  ].join('\n');
}

export const UNAUTHORIZED_PAGE = page('Open the dashboard from its link', [
  'This dashboard only opens through the link the DashFleet agent printed when it started ' +
    '(<code>dashboard: http://127.0.0.1:…/auth?secret=…</code>).',
  'On this computer, run <code>dashfleet-agent open</code> to open it in your browser.',
]);

export const NOT_BUILT_PAGE = page('The dashboard page is not built', [
  'The agent is running and its API answers under <code>/api/</code>, but the dashboard ' +
    'page itself has not been built.',
  'From the source tree, run <code>npm run build</code>, then reload this page.',
]);
