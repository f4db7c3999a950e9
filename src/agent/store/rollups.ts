import type { Database as Db, Statement } from 'better-sqlite3';
import { HOUR_MS, MINUTE_MS, ROLLUP_GRACE_MS } from './defaults.js';
import type { Meta } from './meta.js';
import type { RollupReport } from './types.js';

/**
 * Raw samples → 1-minute buckets → 1-hour buckets, each with avg, max and the count of raw
 * samples behind it (so an hour's avg is its minutes' avg weighted by their counts).
 *
 * Incremental and idempotent: a watermark per tier marks the end of what has been rolled.
 * Each call aggregates only [watermark, last completed bucket) — work bounded by what is new —
 * and upserts whole buckets recomputed from their source, so re-running changes nothing.
 * A minute is complete once it ended ROLLUP_GRACE_MS ago; an hour once all its minutes are.
 * A sample that arrives for a minute already rolled moves the minute watermark back to it and
 * the hour watermark back to its hour (noteSample), so both are re-rolled by the next call.
 */
export interface Rollups {
  rollUp(): RollupReport;
  /** Called inside writeCycle's transaction with each new sample's ts. */
  noteSample(ts: number): void;
}

/** SQL expressions over a source row aliased `s` (a raw row counts as one sample). */
interface Source {
  /** FROM clause; the source rows are aliased `s`. */
  from: string;
  avg: string;
  max: string;
  count: string;
}

/** Raw is keyed (ts, metric_id): a ts range is already one primary-key range scan. */
const RAW: Source = { from: 'raw_points s', avg: 's.value', max: 's.value', count: '1' };
/**
 * Minutes are keyed (metric_id, ts): metrics as the outer loop (CROSS JOIN fixes the order in
 * SQLite) turns the ts range into one range scan per series instead of a whole-table scan.
 */
const MINUTES: Source = {
  from: 'metrics m CROSS JOIN minute_points s ON s.metric_id = m.id',
  avg: 's.avg',
  max: 's.max',
  count: 's.count',
};

function rollStatement(
  db: Db,
  source: Source,
  target: string,
  stepMs: number,
): Statement<[number, number]> {
  return db.prepare(`
    INSERT INTO ${target} (metric_id, ts, avg, max, count)
    SELECT s.metric_id, s.ts / ${stepMs} * ${stepMs} AS bucket,
           SUM(${source.avg} * ${source.count}) / SUM(${source.count}),
           MAX(${source.max}), SUM(${source.count})
    FROM ${source.from}
    WHERE s.ts >= ? AND s.ts < ?
    GROUP BY s.metric_id, bucket
    ON CONFLICT (metric_id, ts) DO UPDATE
      SET avg = excluded.avg, max = excluded.max, count = excluded.count`);
}

/** Where rolling starts the first time: the earliest source row, one index seek per series. */
function earliestStatement(db: Db, table: string): Statement<[], { ts: number | null }> {
  const perSeries = `SELECT MIN((SELECT MIN(ts) FROM ${table} WHERE metric_id = m.id)) AS ts FROM metrics m`;
  // Raw is keyed by ts first: its smallest ts is the first row of the table.
  return db.prepare(table === 'raw_points' ? 'SELECT MIN(ts) AS ts FROM raw_points' : perSeries);
}

const floorTo = (ts: number, stepMs: number): number => Math.floor(ts / stepMs) * stepMs;

function firstBucket(
  earliest: Statement<[], { ts: number | null }>,
  stepMs: number,
): number | undefined {
  const ts = earliest.get()?.ts;
  return ts === null || ts === undefined ? undefined : floorTo(ts, stepMs);
}

export function createRollups(db: Db, meta: Meta, now: () => number, rawKeepMs: number): Rollups {
  const rollMinutes = rollStatement(db, RAW, 'minute_points', MINUTE_MS);
  const rollHours = rollStatement(db, MINUTES, 'hour_points', HOUR_MS);
  const earliestRaw = earliestStatement(db, 'raw_points');
  const earliestMinute = earliestStatement(db, 'minute_points');

  function rollMinuteTier(): number {
    const end = floorTo(now() - ROLLUP_GRACE_MS, MINUTE_MS);
    const start = meta.get('minute_watermark') ?? firstBucket(earliestRaw, MINUTE_MS);
    if (start === undefined || start >= end) return 0;
    const rows = rollMinutes.run(start, end).changes;
    meta.set('minute_watermark', end);
    const hourMark = meta.get('hour_watermark');
    // Minutes re-rolled inside an hour already rolled: that hour must be recomputed too.
    if (hourMark !== undefined && start < hourMark)
      meta.set('hour_watermark', floorTo(start, HOUR_MS));
    return rows;
  }

  function rollHourTier(): number {
    const minuteMark = meta.get('minute_watermark');
    if (minuteMark === undefined) return 0;
    const end = floorTo(minuteMark, HOUR_MS);
    const start = meta.get('hour_watermark') ?? firstBucket(earliestMinute, HOUR_MS);
    if (start === undefined || start >= end) return 0;
    const rows = rollHours.run(start, end).changes;
    meta.set('hour_watermark', end);
    return rows;
  }

  return {
    rollUp: db.transaction(() => ({ minuteRows: rollMinuteTier(), hourRows: rollHourTier() })),
    noteSample(ts) {
      const mark = meta.get('minute_watermark');
      if (mark === undefined || ts >= mark) return;
      const minute = floorTo(ts, MINUTE_MS);
      // Past the raw horizon its neighbours may be gone: re-rolling would shrink the minute.
      // The horizon is also what retention already deleted, should rawHours have been raised.
      const rawFrom = Math.max(now() - rawKeepMs, meta.get('raw_deleted_before') ?? -Infinity);
      if (minute < rawFrom) return;
      meta.set('minute_watermark', minute);
      // Reads take hours up to the hour watermark and raw samples from the minute watermark
      // on: left above the minute, the hour watermark would count that span twice until the
      // next rollUp, which re-rolls from here anyway.
      const hour = floorTo(minute, HOUR_MS);
      const hourMark = meta.get('hour_watermark');
      if (hourMark !== undefined && hourMark > hour) meta.set('hour_watermark', hour);
    },
  };
}
