import { formatDuration } from '../../src/shared/format.js';
import { DAY_MS, SECOND_MS } from '../../src/shared/time.js';

export { formatWallTime } from '../../src/shared/wall-time.js';

const DAY_SECONDS = DAY_MS / SECOND_MS;

/** Whole seconds until `targetMs`, rounded up (the clock reads 00:01 until the last moment), ≥ 0. */
export function secondsUntil(targetMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((targetMs - nowMs) / SECOND_MS));
}

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** "04:59" under an hour, "1:02:03" under a day: a clock face, the same in every language. */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return hours > 0
    ? `${hours}:${twoDigits(minutes)}:${twoDigits(rest)}`
    : `${twoDigits(minutes)}:${twoDigits(rest)}`;
}

/**
 * The time left as people read it: a clock under a day, "2 days, 3 hours" beyond (a restart
 * may be set a week ahead, and "167:59:59" says nothing at a glance).
 */
export function formatTimeLeft(seconds: number, locale: string): string {
  return seconds >= DAY_SECONDS ? formatDuration(seconds, locale, 2) : formatClock(seconds);
}

/**
 * How long to wait before the shown second changes. Each tick reads the clock again and
 * aims at the next boundary of the absolute target, so timer lateness never accumulates.
 */
export function msUntilNextTick(targetMs: number, nowMs: number): number {
  const left = targetMs - nowMs;
  if (left <= 0) return SECOND_MS;
  return left % SECOND_MS || SECOND_MS;
}
