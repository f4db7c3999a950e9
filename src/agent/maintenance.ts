import type { Logger } from './logger.js';
import type { Store } from './store/types.js';
import { HOUR_MS, MINUTE_MS } from '../shared/time.js';

export interface MaintenanceDeps {
  store: Store;
  logger: Logger;
  now: () => number;
  onError: (error: unknown) => void;
}

/**
 * Rollups every minute and retention every hour, run after a cycle. A failure here is
 * reported as such, never as a lost sample.
 */
export function createMaintenance({ store, logger, now, onError }: MaintenanceDeps): () => void {
  const last = { rollUp: 0, retention: 0 };
  let droppedSoFar: number | undefined;

  /** Dropping samples nobody acknowledged is data loss by design: it must be visible. */
  function reportOutboxDrops(): void {
    const { dropped } = store.outboxStatus();
    if (droppedSoFar !== undefined && dropped > droppedSoFar) {
      logger.warn(
        { dropped: dropped - droppedSoFar, droppedInAll: dropped },
        `outbox: dropped ${dropped - droppedSoFar} oldest samples no server acknowledged (outbox full or too old)`,
      );
    }
    droppedSoFar = dropped;
  }

  return () => {
    const at = now();
    try {
      if (at - last.rollUp >= MINUTE_MS) {
        last.rollUp = at;
        store.rollUp();
        reportOutboxDrops();
      }
      if (at - last.retention >= HOUR_MS) {
        last.retention = at;
        store.applyRetention();
      }
    } catch (error) {
      onError(error);
    }
  };
}
