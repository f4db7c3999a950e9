/** Time as the action engine sees it: injectable, so countdowns are tested without waiting. */
export interface ActionClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers cap a delay at 2^31-1 ms (~24.8 days); longer waits are re-armed. */
export const MAX_TIMER_MS = 2_147_483_647;

/** The real clock; its timers never keep a process alive by themselves. */
export const systemActionClock: ActionClock = {
  now: () => Date.now(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
