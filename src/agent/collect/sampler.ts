export interface SamplerOptions {
  /** Time from the start of one cycle to the start of the next, when cycles are quick. */
  intervalMs: number;
  /** One cycle. It is never started while the previous one is still running. */
  run: () => Promise<void>;
  /** A cycle that threw; the sampler carries on with the next one. */
  onError?: (error: unknown) => void;
  /** Wait before the first cycle, so work started together does not all peak at once. Default 0. */
  firstDelayMs?: number;
}

export interface Sampler {
  /** Runs a first cycle (at once, or after firstDelayMs), then keeps the cadence. Starting
   * twice changes nothing. */
  start(): void;
  /** No new cycle starts; resolves when the cycle in progress, if any, has finished. */
  stop(): Promise<void>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A fixed cadence that never overlaps itself: the next cycle is scheduled only when the current
 * one has finished, `interval − elapsed` later (at once if the cycle took longer than the
 * interval). A slow machine therefore samples less often instead of piling cycles up.
 */
export function createSampler(options: SamplerOptions): Sampler {
  let isRunning = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;

  const cycle = async (): Promise<void> => {
    timer = undefined;
    const startedAt = performance.now();
    try {
      await options.run();
    } catch (error) {
      options.onError?.(error);
    }
    if (!isRunning) return;
    const elapsed = performance.now() - startedAt;
    schedule(Math.max(0, options.intervalMs - elapsed));
  };

  const schedule = (delayMs: number): void => {
    // setTimeout fires at once for delays beyond 2^31 − 1 ms (24.8 days).
    timer = setTimeout(
      () => {
        current = cycle().finally(() => (current = undefined));
      },
      Math.min(delayMs, MAX_TIMER_MS),
    );
  };

  return {
    start() {
      if (isRunning) return;
      isRunning = true;
      // A cycle still finishing from before a stop() will schedule nothing; wait for it so a
      // quick stop/start cannot run two cycles at once.
      const firstDelay = options.firstDelayMs ?? 0;
      if (current === undefined) return schedule(firstDelay);
      void current.then(() => {
        if (isRunning && timer === undefined) schedule(firstDelay);
      });
    },
    async stop() {
      isRunning = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await current;
    },
  };
}
