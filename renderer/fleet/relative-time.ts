import { formatRelative } from '../../src/shared/format.js';

/**
 * "2 min ago" measured on the server's clock: the page keeps the difference between the
 * server's time (sent with the machine list) and its own, so a PC whose clock is off does
 * not call a machine that reported a second ago "in 3 minutes".
 */
export function clockOffset(serverTime: number, localTime: number): number {
  return serverTime - localTime;
}

export function serverNow(localNow: number, offsetMs: number): number {
  return localNow + offsetMs;
}

/** The last-seen text; "never" (a key the caller translates) before the first report. */
export function lastSeenText(
  lastSeenAt: number | null,
  nowMs: number,
  locale: string,
): string | null {
  if (lastSeenAt === null) return null;
  // A report stamped a little ahead of now (clock skew between runs) still reads "now".
  return formatRelative(Math.min(lastSeenAt, nowMs), nowMs, locale);
}

/** How often the texts need refreshing: every few seconds while any are under a minute. */
export function tickIntervalMs(newestLastSeen: number | null, nowMs: number): number {
  return newestLastSeen !== null && nowMs - newestLastSeen < 60_000 ? 5_000 : 30_000;
}
