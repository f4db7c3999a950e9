/**
 * A value read on its own slow cadence: static-ish facts (the volume list, whether a battery
 * exists) and probes that spawn a process (`who`, `df`) are read again only when their last
 * reading is older than its time to live, not on every sample.
 */
export interface PeriodicValue<T> {
  /** The cached value, re-read first when stale. A failed read is cached too, and rethrown. */
  get(): Promise<T>;
}

export interface PeriodicValueOptions<T> {
  read: () => Promise<T>;
  /** How long a reading stays fresh; may depend on the value (e.g. "no battery" lives longer). */
  ttlMs: number | ((value: T) => number);
  /** How long a failed read is remembered before trying again, so a broken probe stays cheap. */
  retryMs?: number;
  /** Monotonic clock in ms. Default performance.now. */
  now?: () => number;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function createPeriodicValue<T>(options: PeriodicValueOptions<T>): PeriodicValue<T> {
  const now = options.now ?? (() => performance.now());
  const retryMs = options.retryMs ?? 60_000;
  let cached: { settled: Settled<T>; expiresAt: number } | undefined;
  let inFlight: Promise<Settled<T>> | undefined;

  const refresh = async (): Promise<Settled<T>> => {
    let settled: Settled<T>;
    try {
      settled = { ok: true, value: await options.read() };
    } catch (error) {
      settled = { ok: false, error };
    }
    const ttl = !settled.ok
      ? retryMs
      : typeof options.ttlMs === 'number'
        ? options.ttlMs
        : options.ttlMs(settled.value);
    cached = { settled, expiresAt: now() + ttl };
    return settled;
  };

  return {
    async get() {
      let settled = cached !== undefined && now() < cached.expiresAt ? cached.settled : undefined;
      if (settled === undefined) {
        // Callers that arrive while a read is running share it instead of starting another.
        inFlight ??= refresh().finally(() => (inFlight = undefined));
        settled = await inFlight;
      }
      if (!settled.ok) throw settled.error;
      return settled.value;
    },
  };
}
