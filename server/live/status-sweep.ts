import type { Kysely } from 'kysely';
import type { StatusThresholds } from '../machines/machine-status.js';
import { statusBoundaries } from '../machines/machine-status.js';
import type { Database } from '../store/schema.js';

/**
 * Finds the machines whose status changed (online → stale → offline) since the previous
 * call, with no report to announce it: those whose last_seen_at crossed a threshold between
 * the two calls. One indexed range query per run, whatever the size of the fleet.
 */
export function createStatusSweep(
  db: Kysely<Database>,
  now: () => number,
  thresholds: () => StatusThresholds,
): (orgIds: readonly string[]) => Promise<Array<{ orgId: string; machineId: string }>> {
  let previous = statusBoundaries(now(), thresholds());
  return async (orgIds) => {
    const current = statusBoundaries(now(), thresholds());
    const before = previous;
    previous = current;
    if (orgIds.length === 0) return [];
    const crossed = (from: number, to: number) => from < to;
    if (
      !crossed(before.staleBefore, current.staleBefore) &&
      !crossed(before.offlineBefore, current.offlineBefore)
    ) {
      return [];
    }
    const rows = await db
      .selectFrom('machines')
      .select(['id', 'org_id'])
      .where((eb) =>
        eb.or([
          eb.and([
            eb('last_seen_at', '>', before.staleBefore),
            eb('last_seen_at', '<=', current.staleBefore),
          ]),
          eb.and([
            eb('last_seen_at', '>', before.offlineBefore),
            eb('last_seen_at', '<=', current.offlineBefore),
          ]),
        ]),
      )
      .where('org_id', 'in', orgIds)
      .execute();
    return rows.map((row) => ({ orgId: row.org_id, machineId: row.id }));
  };
}
