/**
 * Which links the desktop app may hand to the operating system's browser. Everything else the
 * page asks to open is dropped: a link is the easiest way out of the sandbox (file:, custom
 * protocol handlers, look-alike hosts), so only plain https to a few known hosts passes.
 */

/** Hosts the dashboard may link to: the product's own pages. The companion server is added at run time. */
export const DEFAULT_EXTERNAL_HOSTS: readonly string[] = ['dashfleet.app', 'docs.dashfleet.app'];

const MAX_URL_LENGTH = 2048;
/** Whitespace, C0/C1 controls, backslashes, and invisible or bidi-reordering characters. */
const UNSAFE_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\s\\\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u;
/** Lowercase DNS names written in ASCII only: no IDN (homographs), no IP literals with colons. */
const ASCII_HOST =
  /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * True when `url` is an https link to one of `allowedHosts` (exact match, lowercase ASCII), with
 * no credentials, no explicit port, and nothing a URL parser could read two ways.
 */
export function isAllowedExternalUrl(
  url: unknown,
  allowedHosts: readonly string[] = DEFAULT_EXTERNAL_HOSTS,
): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) return false;
  if (UNSAFE_CHARACTERS.test(url)) return false;
  // The scheme must be spelled plainly: parsers forgive "HTTPS:", "https:/x" and "https:x".
  if (!url.startsWith('https://')) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  // "https://good.example@evil.example" and friends: no "@" anywhere before the path.
  const authority = url.slice('https://'.length).split(/[/?#]/, 1)[0] ?? '';
  if (authority.includes('@') || authority.includes('%')) return false;
  if (parsed.port !== '') return false;
  const host = parsed.hostname;
  // The host as written must be the host as parsed: no IDN converted to punycode behind our
  // back, no percent-decoding, no numeric IPs normalised from octal or hex.
  if (authority.toLowerCase() !== host) return false;
  if (!ASCII_HOST.test(host)) return false;
  if (host.split('.').some((label) => label.startsWith('xn--'))) return false;
  return allowedHosts.some((allowed) => allowed.toLowerCase() === host);
}
