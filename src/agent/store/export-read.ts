import type { Database as Db } from 'better-sqlite3';
import type { Arm, Watermarks } from './history-sql.js';
import { createBucketedRead, unionArms } from './history-sql.js';
import type { TierSpec } from './tiers.js';
import type { HistoryPoint } from './types.js';

/**
 * What an export reads: the same union as history (the tier up to its watermark, then the
 * finer tiers), in buckets of the tier's step and never merged further. The first bucket is
 * the one holding `from`, as in history; raw samples are instants and start at `from`.
 */
export interface ExportRead {
  /** Names of the series with data in what the export reads. */
  seriesWithData(): string[];
  /** One series' rows in ts order, streamed: callers interleave several on one connection. */
  rows(metricId: number): Generator<HistoryPoint>;
}

/** `tiers` is finest first; `marks` must come from the same snapshot as the rows. */
export function createExportRead(
  db: Db,
  tiers: readonly TierSpec[],
  spec: TierSpec,
  range: { from: number; to: number; marks: Watermarks },
): ExportRead {
  const level = tiers.indexOf(spec);
  const start = spec.stepMs > 0 ? Math.floor(range.from / spec.stepMs) * spec.stepMs : range.from;
  const arms = unionArms(tiers, level, start, range.to, range.marks);
  const [own, next] = arms;
  const finerHasRows = arms.slice(1).some(hasRows);
  const finer = level > 0 ? createBucketedRead(db, tiers, level - 1) : undefined;
  const plan = { origin: start, widthMs: spec.stepMs };

  return {
    seriesWithData: () => seriesWithData(db, arms.filter(hasRows)),
    *rows(metricId) {
      // The tier's own rows are its buckets already: read in primary-key order, no sort.
      if (own && hasRows(own)) yield* ownRows(db, own).iterate(metricId, own.lo, own.hi);
      // Past its watermark (the last hour or minutes, as a rule): the finer tiers' rows
      // grouped into this tier's buckets. Watermarks sit on bucket boundaries: no bucket is
      // split between the two reads.
      if (next && finer && finerHasRows) {
        yield* finer.iterate(metricId, plan, next.lo, range.to, range.marks);
      }
    },
  };
}

const hasRows = (arm: Arm): boolean => arm.lo < arm.hi;

function ownRows(db: Db, arm: Arm) {
  const columns = arm.spec.tier === 'raw' ? 'value AS avg, value AS max' : 'avg, max';
  return db.prepare<[number, number, number], HistoryPoint>(
    `SELECT ts, ${columns} FROM ${arm.spec.table}
     WHERE metric_id = ? AND ts >= ? AND ts < ? ORDER BY ts`,
  );
}

function seriesWithData(db: Db, arms: readonly Arm[]): string[] {
  if (arms.length === 0) return [];
  const exists = arms.map(
    (arm) =>
      `EXISTS (SELECT 1 FROM ${arm.spec.table} WHERE metric_id = m.id AND ts >= ? AND ts < ?)`,
  );
  return db
    .prepare<number[], { name: string }>(
      `SELECT name FROM metrics m WHERE ${exists.join(' OR ')} ORDER BY name`,
    )
    .all(...arms.flatMap((arm) => [arm.lo, arm.hi]))
    .map((row) => row.name);
}
