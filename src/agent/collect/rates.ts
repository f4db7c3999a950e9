/**
 * Turns ever-growing counters (bytes received, sectors written) into per-second rates.
 * Every counter-to-rate conversion in the collector goes through this one helper, so the
 * rules for first readings and resets are the same for network and disk.
 */
export interface RateTracker {
  /**
   * Records `counter` for `key` at `atMs` (a monotonic clock) and returns units per second
   * since the previous reading of that key. Returns undefined when there is no usable
   * previous reading: the first one, a counter that went backwards (reset, wrap, interface
   * restart) or a clock that did not move forward. Never negative, never NaN.
   */
  update(key: string, counter: number, atMs: number): number | undefined;
  /** Forgets every key not in `keys`, so interfaces that come and go do not pile up. */
  retainOnly(keys: Iterable<string>): void;
}

interface Reading {
  counter: number;
  atMs: number;
}

export function createRateTracker(): RateTracker {
  const previous = new Map<string, Reading>();

  return {
    update(key, counter, atMs) {
      if (!Number.isFinite(counter) || counter < 0 || !Number.isFinite(atMs)) {
        previous.delete(key);
        return undefined;
      }
      const last = previous.get(key);
      previous.set(key, { counter, atMs });
      if (last === undefined) return undefined;
      const elapsedMs = atMs - last.atMs;
      const delta = counter - last.counter;
      // A reset gives no rate for this step rather than a negative or absurd one; the new
      // reading becomes the baseline for the next step.
      if (elapsedMs <= 0 || delta < 0) return undefined;
      const rate = (delta * 1000) / elapsedMs;
      return Number.isFinite(rate) ? rate : undefined;
    },
    retainOnly(keys) {
      const keep = new Set(keys);
      for (const key of previous.keys()) if (!keep.has(key)) previous.delete(key);
    },
  };
}
