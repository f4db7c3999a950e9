import { HOUR_MS, MINUTE_MS, SECOND_MS } from '../../shared/time.js';

/** How long the uploader waits between failed attempts. */
export interface BackoffPolicy {
  /** Ceiling of the first retry. Default 1 s. */
  baseMs: number;
  /** Ceiling never exceeds this. Default 5 min. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: SECOND_MS, capMs: 5 * MINUTE_MS };

/** A Retry-After longer than this is taken as a mistake, not as an instruction. */
export const MAX_RETRY_AFTER_MS = HOUR_MS;

/**
 * Exponential backoff with full jitter: after the n-th failure in a row, a uniformly random
 * wait in [0, min(cap, base × 2^(n-1))). The randomness is the point: after a server restart,
 * thousands of agents that lost it at the same moment come back spread out, not as one wave.
 */
export function retryDelayMs(
  failures: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(Math.min(Math.max(random(), 0), 0.999_999) * ceiling);
}

/**
 * The wait a server asked for, in ms: `Retry-After` as seconds or as an HTTP date. Undefined
 * when absent or unreadable; bounded to MAX_RETRY_AFTER_MS.
 */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * SECOND_MS;
  else {
    // HTTP dates (all three historic forms) start with the day's name.
    if (!/^[A-Za-z]{3}/.test(text)) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
