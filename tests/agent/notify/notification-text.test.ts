import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_LIMITS,
  escapeNotificationText,
  notificationTitle,
} from '../../../src/agent/notify/notification-text.js';

describe('escapeNotificationText', () => {
  it.each([
    ['<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['say "hi"', 'say &quot;hi&quot;'],
    ["it's", 'it&apos;s'],
    [
      '<a href="https://evil.example">update</a>',
      '&lt;a href=&quot;https://evil.example&quot;&gt;update&lt;/a&gt;',
    ],
    ['&amp; already', '&amp;amp; already'],
    ['; rm -rf / $(reboot) `id`', '; rm -rf / $(reboot) `id`'],
  ])('escapes markup on Linux: %s', (text, expected) => {
    expect(escapeNotificationText(text, 'linux')).toBe(expected);
  });

  it.each(['win32', 'darwin'])('leaves markup as plain text on %s', (platform) => {
    expect(escapeNotificationText('<b>x</b> & "y"', platform)).toBe('<b>x</b> & "y"');
  });

  it.each(['linux', 'win32', 'darwin'])('strips control and bidi characters on %s', (platform) => {
    const text = 'a\u0000b\u0007c\u001bd\u007fe\u009bf\u202eg\u200bh\r\ni\tj';

    expect(escapeNotificationText(text, platform)).toBe('abcdefgh\ni j');
  });

  it('bounds the length without splitting a character', () => {
    const text = '😀'.repeat(NOTIFICATION_LIMITS.bodyChars + 10);

    const escaped = escapeNotificationText(text, 'win32');

    expect(Array.from(escaped)).toHaveLength(NOTIFICATION_LIMITS.bodyChars);
    expect(escaped.endsWith('😀…')).toBe(true);
  });

  it('bounds before escaping, so an entity is never cut in half', () => {
    const escaped = escapeNotificationText('&'.repeat(5000), 'linux');

    expect(escaped.endsWith('&amp;…')).toBe(true);
  });
});

describe('notificationTitle', () => {
  it('is one clean line of plain text on every platform', () => {
    expect(notificationTitle('  Line one\nline two\u0000 <b>&</b>  ')).toBe(
      'Line one line two <b>&</b>',
    );
  });

  it('is bounded', () => {
    expect(notificationTitle('x'.repeat(500))).toHaveLength(NOTIFICATION_LIMITS.titleChars);
  });
});
