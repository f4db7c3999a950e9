import { DAY_MS } from './time.js';

const calendarDay = (epochMs: number, locale: string, timeZone: string | undefined): string =>
  new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    ...(timeZone ? { timeZone } : {}),
  }).format(epochMs);

/**
 * "14:05" today, "Tue 14:05" within the week, "12 Mar 2026, 14:05" beyond: the wall-clock
 * time of an event, as short as it can be without being ambiguous.
 */
export function formatWallTime(
  epochMs: number,
  nowMs: number,
  locale: string,
  timeZone?: string,
): string {
  const zone = timeZone ? { timeZone } : {};
  const isToday = calendarDay(epochMs, locale, timeZone) === calendarDay(nowMs, locale, timeZone);
  const isThisWeek = Math.abs(epochMs - nowMs) < 6 * DAY_MS;
  const options: Intl.DateTimeFormatOptions = isToday
    ? { timeStyle: 'short' }
    : isThisWeek
      ? { weekday: 'short', hour: 'numeric', minute: '2-digit' }
      : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale, { ...options, ...zone }).format(epochMs);
}
