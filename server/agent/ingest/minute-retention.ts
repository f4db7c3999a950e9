import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { DAY_MS, HOUR_MS } from '../../../src/shared/time.js';
import type { Database } from '../../store/schema.js';

/** How long the server keeps per-minute aggregates; finer and longer history stays on each PC. */
const MINUTE_RETENTION_MS = 30 * DAY_MS;
const RETENTION_INTERVAL_MS = HOUR_MS;

/** Samples older than this add nothing: retention would delete their minute straight away. */
export function oldestKeptMinute(now: number): number {
  return now - MINUTE_RETENTION_MS;
}

/** Deletes minute aggregates past retention; answers how many rows went. */
export async function deleteExpiredMinutes(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db
    .deleteFrom('machine_minutes')
    .where('ts', '<', oldestKeptMinute(now))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Applies retention once now and then every hour, until the returned stop() is called.
 * A failure is logged and retried at the next hour; it never stops the server.
 */
export function startMinuteRetention(
  db: Kysely<Database>,
  now: () => number,
  log: FastifyBaseLogger,
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const run = (): void => {
    if (running) return;
    running = deleteExpiredMinutes(db, now())
      .then((deleted) => {
        if (deleted > 0)
          log.info(`retention: deleted ${deleted} minute aggregates older than 30 days`);
      })
      .catch((error: unknown) =>
        log.error({ err: error }, 'retention: could not delete old minute aggregates'),
      )
      .finally(() => (running = null));
  };
  const timer = setInterval(run, RETENTION_INTERVAL_MS);
  timer.unref();
  const first = setTimeout(run, 0);
  first.unref();
  return {
    async stop() {
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
