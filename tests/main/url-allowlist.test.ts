import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../src/main/url-allowlist.js';

const HOSTS = ['dashfleet.app', 'fleet.example.com'];

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://dashfleet.app',
    'https://dashfleet.app/',
    'https://dashfleet.app/docs/install?os=win#top',
    'https://fleet.example.com/machines/42',
    'https://DASHFLEET.APP/upper-case-host',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url, HOSTS)).toBe(true);
  });

  it.each([
    ['plain http', 'http://dashfleet.app/'],
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: dressed as https', 'javascript://dashfleet.app/%0aalert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['custom scheme', 'dashfleet://app/'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['upper-case scheme', 'HTTPS://dashfleet.app/'],
    ['missing slashes', 'https:dashfleet.app/'],
    ['one slash', 'https:/dashfleet.app/'],
    ['userinfo trick', 'https://dashfleet.app@evil.example/'],
    ['userinfo with password', 'https://dashfleet.app:pw@evil.example/'],
    ['encoded at-sign', 'https://dashfleet.app%40evil.example/'],
    ['backslash authority', 'https://evil.example\\@dashfleet.app/'],
    ['backslash as slash', 'https:\\\\dashfleet.app/'],
    ['host not on the list', 'https://evil.example/'],
    ['suffix of an allowed host', 'https://dashfleet.app.evil.example/'],
    ['allowed host as suffix', 'https://evildashfleet.app/'],
    ['subdomain not listed', 'https://www.dashfleet.app/'],
    ['trailing dot', 'https://dashfleet.app./'],
    ['explicit port', 'https://dashfleet.app:8443/'],
    ['leading space', ' https://dashfleet.app/'],
    ['trailing newline', 'https://dashfleet.app/\n'],
    ['tab inside', 'https://dash\tfleet.app/'],
    ['NUL byte', 'https://dashfleet.app/\u0000'],
    ['zero-width space in host', 'https://dash\u200bfleet.app/'],
    ['right-to-left override', 'https://dashfleet.app/\u202egpj.exe'],
    ['Cyrillic look-alike host', 'https://dаshfleet.app/'],
    ['punycode host', 'https://xn--dshfleet-4fg.app/'],
    ['IPv4 literal', 'https://127.0.0.1/'],
    ['hex IP', 'https://0x7f000001/'],
    ['IPv6 literal', 'https://[::1]/'],
    ['empty', ''],
    ['not a URL', 'dashfleet.app'],
    ['very long', `https://dashfleet.app/${'a'.repeat(5000)}`],
  ])('rejects %s', (_name, url) => {
    expect(isAllowedExternalUrl(url, HOSTS)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, ['https://dashfleet.app/']]) {
      expect(isAllowedExternalUrl(value, HOSTS)).toBe(false);
    }
  });

  it('allows nothing when the list is empty', () => {
    expect(isAllowedExternalUrl('https://dashfleet.app/', [])).toBe(false);
  });
});
