import type { Database as Db, Statement } from 'better-sqlite3';
import type { BucketPlan } from './buckets.js';
import type { Meta } from './meta.js';
import type { TierSpec } from './tiers.js';
import type { HistoryPoint } from './types.js';

/**
 * The bucketed read of one series from one tier, completed up to `end` by the finer tiers:
 * a tier holds only what has been rolled into it, so rows past its watermark come from the
 * tier below (minutes past the hour watermark, raw samples past the minute watermark). The
 * sources cover disjoint time ranges and are merged in one GROUP BY: avg weighted by count,
 * max of max. Without this, a 30-day chart would stop at the last full hour. History and
 * export both read through here.
 */
export interface BucketedRead {
  run(
    metricId: number,
    plan: BucketPlan,
    start: number,
    end: number,
    marks: Watermarks,
  ): HistoryPoint[];
  /** The same rows, one at a time; each call has its own statement, so series can interleave. */
  iterate(
    metricId: number,
    plan: BucketPlan,
    start: number,
    end: number,
    marks: Watermarks,
  ): IterableIterator<HistoryPoint>;
}

/** End (exclusive) of what has been rolled into each rollup tier; 0 before the first rollup. */
export interface Watermarks {
  minute: number;
  hour: number;
}

/** Read once per query, inside its transaction, so every series sees the same split. */
export function readWatermarks(meta: Meta): Watermarks {
  return { minute: meta.get('minute_watermark') ?? 0, hour: meta.get('hour_watermark') ?? 0 };
}

/** One source of a union read: a tier's rows with lo <= ts < hi (empty when lo >= hi). */
export interface Arm {
  spec: TierSpec;
  lo: number;
  hi: number;
}

/**
 * The sources of a read of tiers[0..=level] over [start, end), coarsest first: each tier up to
 * its own watermark, the next finer one from there on. `tiers` is finest first.
 */
export function unionArms(
  tiers: readonly TierSpec[],
  level: number,
  start: number,
  end: number,
  marks: Watermarks,
): Arm[] {
  const arms = tiers.slice(0, level + 1).reverse();
  return arms.map((spec, i) => {
    const coarser = arms[i - 1];
    return {
      spec,
      lo: coarser ? Math.max(start, watermark(marks, coarser)) : start,
      hi: i < arms.length - 1 ? Math.min(end, watermark(marks, spec)) : end,
    };
  });
}

function watermark(marks: Watermarks, spec: TierSpec): number {
  return spec.tier === 'raw' ? 0 : marks[spec.tier];
}

interface BucketParams {
  id: number;
  origin: bigint;
  width: bigint;
  [bound: string]: number | bigint;
}

/** Every source as (ts, sum of values, count of values, max): raw rows are one value each. */
const armColumns = (spec: TierSpec): string =>
  spec.tier === 'raw'
    ? 'ts, value AS total, 1 AS n, value AS peak'
    : 'ts, avg * count AS total, count AS n, max AS peak';

/** `tiers` is finest first; the read covers tiers[0..=level]. */
export function createBucketedRead(
  db: Db,
  tiers: readonly TierSpec[],
  level: number,
): BucketedRead {
  const arms = tiers.slice(0, level + 1).reverse();
  const sql = `
    SELECT (ts - @origin) / @width * @width + @origin AS ts,
           SUM(total) / SUM(n) AS avg, MAX(peak) AS max
    FROM (${arms
      .map(
        (spec, i) => `SELECT ${armColumns(spec)} FROM ${spec.table}
           WHERE metric_id = @id AND ts >= @lo${i} AND ts < @hi${i}`,
      )
      .join(' UNION ALL ')})
    GROUP BY 1 ORDER BY 1`;
  // Bound as BigInt so SQLite divides integers: a JS number is bound as REAL.
  const prepare = (): Statement<[BucketParams], HistoryPoint> => db.prepare(sql);
  const statement = prepare();

  function params(
    metricId: number,
    plan: BucketPlan,
    start: number,
    end: number,
    marks: Watermarks,
  ): BucketParams {
    const bound: BucketParams = {
      id: metricId,
      origin: BigInt(plan.origin),
      width: BigInt(plan.widthMs),
    };
    unionArms(tiers, level, start, end, marks).forEach((arm, i) => {
      bound[`lo${i}`] = arm.lo;
      bound[`hi${i}`] = arm.hi;
    });
    return bound;
  }

  return {
    run: (...args) => statement.all(params(...args)),
    iterate: (...args) => prepare().iterate(params(...args)),
  };
}
