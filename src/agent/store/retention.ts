import type { Database as Db, Statement } from 'better-sqlite3';
import type { Meta } from './meta.js';
import { deletedBeforeKey } from './meta.js';
import type { MetricIds } from './metric-ids.js';
import type { TierSpec } from './tiers.js';
import type { RetentionReport } from './types.js';

/**
 * Deletes what each tier keeps no longer. A tier's horizon is now - its retention, with one
 * guard: nothing is deleted before it has been rolled into the next tier (the raw horizon
 * never passes the minute watermark, the minute horizon never passes the hour watermark), so
 * an agent that was off for days and runs retention before its first rollUp loses nothing.
 * A bucket is kept while its start is at or after the horizon. Each horizon applied is
 * recorded (`<tier>_deleted_before`): tier choice must not trust a retention raised since.
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

/** Deletes a tier's rows before a cutoff; returns how many. */
type DeleteBefore = (cutoff: number) => number;

function deleteStatement(db: Db, ids: MetricIds, spec: TierSpec): DeleteBefore {
  if (spec.tier === 'raw') {
    // Raw is keyed (ts, metric_id): one range from the start of the primary key, every series
    // at once (EXPLAIN QUERY PLAN: SEARCH raw_points USING PRIMARY KEY (ts<?)). Per series,
    // each statement would walk that same range again.
    const statement = db.prepare<[number]>('DELETE FROM raw_points WHERE ts < ?');
    return (cutoff) => statement.run(cutoff).changes;
  }
  // The rollup tiers are keyed (metric_id, ts): one primary-key range per series, where
  // `WHERE ts < ?` alone would scan the whole table.
  const statement: Statement<[number, number]> = db.prepare(
    `DELETE FROM ${spec.table} WHERE metric_id = ? AND ts < ?`,
  );
  return (cutoff) => ids.all().reduce((sum, id) => sum + statement.run(id, cutoff).changes, 0);
}

export function createRetention(db: Db, deps: RetentionDeps): Retention {
  const { meta, ids, tiers, now } = deps;
  const deletes = tiers.map((spec) => deleteStatement(db, ids, spec));

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

  function applyTo(index: number, at: number): number {
    const spec = tiers[index];
    const cutoff = horizon(index, at);
    const deleteBefore = deletes[index];
    if (!spec || cutoff === undefined || !deleteBefore) return 0;
    const deleted = deleteBefore(cutoff);
    meta.raise(deletedBeforeKey(spec.tier), cutoff);
    return deleted;
  }

  return {
    apply: db.transaction((): RetentionReport => {
      const at = now();
      const [raw, minute, hour] = tiers.map((_, i) => applyTo(i, at));
      return {
        raw: raw ?? 0,
        minute: minute ?? 0,
        hour: hour ?? 0,
        outbox: deps.enforceOutboxLimits(),
      };
    }),
  };
}
