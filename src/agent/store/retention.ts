import type { Database as Db, Statement } from 'better-sqlite3';
import type { Meta } from './meta.js';
import type { MetricIds } from './metric-ids.js';
import type { TierSpec } from './tiers.js';
import type { RetentionReport } from './types.js';

/**
 * Deletes what each tier keeps no longer. A tier's horizon is now - its retention, with one
 * guard: nothing is deleted before it has been rolled into the next tier (the raw horizon
 * never passes the minute watermark, the minute horizon never passes the hour watermark), so
 * an agent that was off for days and runs retention before its first rollUp loses nothing.
 * A bucket is kept while its start is at or after the horizon.
 */
export interface Retention {
  apply(): RetentionReport;
}

export interface RetentionDeps {
  meta: Meta;
  ids: MetricIds;
  /** Finest first: raw, minute, hour. */
  tiers: readonly TierSpec[];
  now: () => number;
  /** The outbox's own age/count bounds, applied here too for when no cycles are written. */
  enforceOutboxLimits: () => number;
}

export function createRetention(db: Db, deps: RetentionDeps): Retention {
  const { meta, ids, tiers, now } = deps;
  // One primary-key range per series: `WHERE ts < ?` alone would scan the whole table.
  const deletes = new Map<string, Statement<[number, number]>>(
    tiers.map((spec) => [
      spec.tier,
      db.prepare(`DELETE FROM ${spec.table} WHERE metric_id = ? AND ts < ?`),
    ]),
  );

  /** The horizon of a tier; undefined when nothing may be deleted yet. */
  function horizon(index: number, at: number): number | undefined {
    const spec = tiers[index];
    if (!spec) return undefined;
    const byAge = at - spec.keepMs;
    const next = tiers[index + 1];
    if (!next) return byAge;
    const rolledUntil = meta.get(next.tier === 'minute' ? 'minute_watermark' : 'hour_watermark');
    return rolledUntil === undefined ? undefined : Math.min(byAge, rolledUntil);
  }

  function deleteBefore(spec: TierSpec, cutoff: number | undefined): number {
    const statement = deletes.get(spec.tier);
    if (cutoff === undefined || !statement) return 0;
    let deleted = 0;
    for (const id of ids.all()) deleted += statement.run(id, cutoff).changes;
    return deleted;
  }

  return {
    apply: db.transaction((): RetentionReport => {
      const at = now();
      const [raw, minute, hour] = tiers.map((spec, i) => deleteBefore(spec, horizon(i, at)));
      return {
        raw: raw ?? 0,
        minute: minute ?? 0,
        hour: hour ?? 0,
        outbox: deps.enforceOutboxLimits(),
      };
    }),
  };
}
