/** Listeners for stored cycles: how the local dashboard hears about new samples at once. */
export interface CycleEvents<T> {
  /** Calls `listener` after every stored cycle; returns the function that stops it. */
  onCycle(listener: (cycle: T) => void): () => void;
  /** Listeners currently attached (a dashboard that went away must leave none behind). */
  listenerCount(): number;
  emit(cycle: T): void;
}

/**
 * A plain set of listeners. A listener that throws is reported through `onError` and the
 * others still run: a broken dashboard connection must never cost the agent a cycle.
 */
export function createCycleEvents<T>(onError: (error: unknown) => void): CycleEvents<T> {
  const listeners = new Set<(cycle: T) => void>();
  return {
    onCycle(listener) {
      // Wrapped so the same function can be attached twice and detached independently.
      const entry = (cycle: T) => listener(cycle);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    listenerCount: () => listeners.size,
    emit(cycle) {
      for (const listener of [...listeners]) {
        try {
          listener(cycle);
        } catch (error) {
          onError(error);
        }
      }
    },
  };
}
