/**
 * Text that came from the server on its way into a native notification. Pure functions.
 *
 * Linux notification daemons (dunst, GNOME Shell, Plasma) render the *body* as Pango markup:
 * `<b>` turns bold and `<a href>` becomes a clickable link (dunst lists it under its context
 * menu), so server text must be entity-escaped there. The *summary* (title) is plain text in the
 * Desktop Notifications spec and those daemons quote it themselves: escaping it too would put
 * `&amp;` on the screen (checked against dunst 1.9: a summary of `A &amp; B` is shown as is).
 * Everywhere, control characters (and the bidi overrides that can make text read backwards)
 * are removed, and lengths are bounded; the full text stays in the inbox.
 */

export const NOTIFICATION_LIMITS = {
  titleChars: 200,
  bodyChars: 1000,
} as const;

/** C0/C1 controls and DEL, except tab and newline (handled below). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Bidi embeddings, overrides and isolates; zero-width and BOM characters. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Removes control and invisible characters; `\r\n` and `\r` become `\n`, tabs spaces. */
function clean(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '')
    .replace(INVISIBLE, '');
}

/** Cuts at `max` characters (by code point, never half a surrogate pair), marking the cut. */
function bound(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A notification body: cleaned, bounded, and on Linux entity-escaped (& < > " ') so a daemon
 * that renders markup shows the text exactly as sent.
 */
export function escapeNotificationText(text: string, platform: string): string {
  const safe = bound(clean(text).trim(), NOTIFICATION_LIMITS.bodyChars);
  return platform === 'linux' ? safe.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c) : safe;
}

/** A notification title: one line of plain text, cleaned and bounded, on every platform. */
export function notificationTitle(text: string): string {
  return bound(clean(text).replace(/\n+/g, ' ').trim(), NOTIFICATION_LIMITS.titleChars);
}
