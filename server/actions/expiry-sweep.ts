import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { newSortableId } from './sortable-id.js';

/** Rows expired per transaction, so a sweep after a long downtime never holds the database long. */
const SWEEP_CHUNK = 500;

export interface ExpiredAction {
  orgId: string;
  id: string;
}

/**
 * Turns queued or delivered actions whose expiry has passed into `expired` (finished now,
 * with an event). Delivery never sends an expired action even between sweeps (its queries
 * filter on expires_at too): the sweep is what makes the change visible.
 */
export async function expireActions(db: Kysely<Database>, now: number): Promise<ExpiredAction[]> {
  const expired: ExpiredAction[] = [];
  for (;;) {
    const chunk = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('actions')
        .select(['id', 'org_id'])
        .where('status', 'in', ['queued', 'delivered'])
        .where('expires_at', '<=', now)
        .limit(SWEEP_CHUNK)
        .execute();
      if (rows.length === 0) return rows;
      const ids = rows.map((row) => row.id);
      await trx
        .updateTable('actions')
        .set({ status: 'expired', finished_at: now, updated_at: now })
        .where('id', 'in', ids)
        .where('status', 'in', ['queued', 'delivered'])
        .execute();
      await trx
        .insertInto('action_events')
        .values(
          ids.map((id) => ({
            id: newSortableId(now),
            action_id: id,
            agent_seq: null,
            status: 'expired',
            stage: null,
            at: now,
          })),
        )
        .execute();
      return rows;
    });
    expired.push(...chunk.map((row) => ({ orgId: row.org_id, id: row.id })));
    if (chunk.length < SWEEP_CHUNK) return expired;
  }
}

export interface ExpirySweep {
  /** Runs a sweep now (and waits for it); one at a time. */
  run(): Promise<void>;
  /** Stops the timer and waits for a running sweep. */
  stop(): Promise<void>;
}

/** The sweep on a timer (unref'd: it never keeps the process alive). */
export function startExpirySweep(options: {
  db: Kysely<Database>;
  now: () => number;
  log: FastifyBaseLogger;
  intervalMs: number;
  onExpired(expired: readonly ExpiredAction[]): void;
}): ExpirySweep {
  let running: Promise<void> | null = null;
  const run = (): Promise<void> => {
    running ??= expireActions(options.db, options.now())
      .then((expired) => {
        if (expired.length === 0) return;
        options.log.info({ count: expired.length }, 'actions: expired undelivered actions');
        options.onExpired(expired);
      })
      .catch((error: unknown) => options.log.error({ err: error }, 'actions: expiry sweep failed'))
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void run(), options.intervalMs);
  timer.unref();
  void run();
  return {
    run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
