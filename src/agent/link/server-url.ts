import type { Result } from '../../shared/validation.js';

/**
 * A server address as the user typed it → the canonical form the agent stores: scheme, host,
 * port and an optional path prefix (a server behind a reverse proxy at /dashfleet), without a
 * trailing slash, so that an API path is simply appended. Anything but http(s) is refused, and
 * so are credentials, queries and fragments: they would be sent, or silently dropped, with
 * every report.
 */
export function parseServerUrl(text: string): Result<string> {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, error: `"${text}" is not a server address (use https://host[:port])` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      error: `"${text}" is not a server address: only http:// and https:// are allowed`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, error: 'the server address must not contain a user name or password' };
  }
  if (url.search !== '' || url.hash !== '' || trimmed.endsWith('?') || trimmed.endsWith('#')) {
    return { ok: false, error: 'the server address must not contain a query or a fragment' };
  }
  return { ok: true, value: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}
