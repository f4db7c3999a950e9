import type { Logger } from '../logger.js';

/** Time as the link sees it: injectable, so backoff is tested without sleeping. */
export interface LinkClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock; its timers never keep a process alive by themselves. */
export const systemClock: LinkClock = {
  now: () => Date.now(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type LinkLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
