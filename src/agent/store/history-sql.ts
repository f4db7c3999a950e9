import type { Database as Db, Statement } from 'better-sqlite3';
import type { BucketPlan } from './buckets.js';
import type { Meta } from './meta.js';
import type { TierSpec } from './tiers.js';
import type { HistoryPoint } from './types.js';

/**
 * The bucketed read of one series from one tier, completed up to `to` by the finer tiers:
 * a tier holds only what has been rolled into it, so rows past its watermark come from the
 * tier below (minutes past the hour watermark, raw samples past the minute watermark). The
 * three sources cover disjoint time ranges and are merged in one GROUP BY: avg weighted by
 * count, max of max. Without this, a 30-day chart would stop at the last full hour.
 */
export interface BucketedRead {
  run(metricId: number, plan: BucketPlan, start: number, end: number): HistoryPoint[];
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
  meta: Meta,
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
  const statement: Statement<[BucketParams], HistoryPoint> = db.prepare(sql);

  return {
    run(metricId, plan, start, end) {
      const params: BucketParams = {
        id: metricId,
        origin: BigInt(plan.origin),
        width: BigInt(plan.widthMs),
      };
      arms.forEach((spec, i) => {
        const finer = arms[i + 1];
        // This arm ends where the finer one's data begins: at the watermark of this tier.
        params[`lo${i}`] = i === 0 ? start : Math.max(start, watermark(meta, arms[i - 1]?.tier));
        params[`hi${i}`] = finer ? Math.min(end, watermark(meta, spec.tier)) : end;
      });
      return statement.all(params);
    },
  };
}

/** End of what has been rolled into a tier; 0 (nothing) before the first rollup. */
function watermark(meta: Meta, tier: string | undefined): number {
  if (tier === 'minute') return meta.get('minute_watermark') ?? 0;
  if (tier === 'hour') return meta.get('hour_watermark') ?? 0;
  return 0;
}
