import { MINUTE_MS } from '../../src/shared/time.js';

export interface FailureLimiter {
  /** Seconds to wait when `key` has failed too often in the current window, else 0. */
  retryAfterSeconds(key: string): number;
  /** Counts one failure of `key`. */
  fail(key: string): void;
}

/**
 * Counts failures per key (a client address) in fixed windows. Enrolment tokens are 256-bit
 * random, so guessing is hopeless anyway; what this stops is a client hammering the endpoint
 * with bad tokens. Successful enrolments are not counted: a whole office behind one address
 * may enrol at once. Bounded: past `maxKeys` addresses the oldest window is forgotten.
 */
export function createFailureLimiter(options: {
  maxFailures: number;
  windowMs?: number;
  now: () => number;
  maxKeys?: number;
}): FailureLimiter {
  const windowMs = options.windowMs ?? MINUTE_MS;
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = new Map<string, { start: number; failures: number }>();

  const current = (key: string): { start: number; failures: number } | undefined => {
    const window = windows.get(key);
    if (window && options.now() - window.start >= windowMs) {
      windows.delete(key);
      return undefined;
    }
    return window;
  };

  return {
    retryAfterSeconds(key) {
      const window = current(key);
      if (!window || window.failures < options.maxFailures) return 0;
      return Math.max(1, Math.ceil((window.start + windowMs - options.now()) / 1000));
    },
    fail(key) {
      const window = current(key);
      if (window) {
        window.failures += 1;
        return;
      }
      windows.set(key, { start: options.now(), failures: 1 });
      if (windows.size > maxKeys) {
        const oldest = windows.keys().next().value;
        if (oldest !== undefined) windows.delete(oldest);
      }
    },
  };
}
